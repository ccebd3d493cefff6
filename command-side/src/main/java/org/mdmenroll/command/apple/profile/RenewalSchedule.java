package org.mdmenroll.command.apple.profile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** How long before an identity certificate expires its renewal starts ({@code mdm.channel.certificate-renewal-before}, 30 days). */
@Component
public class RenewalSchedule {

    private final Duration renewBefore;

    public RenewalSchedule(@Value("${mdm.channel.certificate-renewal-before:P30D}") Duration renewBefore) {
        this.renewBefore = renewBefore;
    }

    public Duration renewBefore() {
        return renewBefore;
    }
}
