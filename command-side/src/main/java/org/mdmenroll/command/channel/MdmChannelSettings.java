package org.mdmenroll.command.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * The command channel's settings ({@code mdm.channel.*}): when a device with unanswered commands is
 * pushed again ({@code push-retry}, the last delay repeating), and how often an idle connect with
 * nothing to deliver is recorded ({@code connect-record-interval}).
 */
@ConfigurationProperties("mdm.channel")
public record MdmChannelSettings(@DefaultValue({"PT15M", "PT1H", "PT4H", "P1D"}) List<Duration> pushRetry,
                                 @DefaultValue("PT1H") Duration connectRecordInterval) {

    public MdmChannelSettings {
        if (pushRetry == null || pushRetry.isEmpty() || pushRetry.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("mdm.channel.push-retry needs one or more positive durations");
        }
    }
}
