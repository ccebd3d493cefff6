package org.mdmenroll.command.apple.profile;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.mdmenroll.command.device.DeviceCommands.RequestIdentityCertificateRenewal;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.support.audit.AuditMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Renews an Apple device's identity certificate before it expires, per device entry: when a
 * certificate is issued, a persistent deadline is set {@code mdm.channel.certificate-renewal-before}
 * (30 days) before its expiry; then a renewal profile with a challenge of its own goes to the device
 * (InstallProfile). The device's SCEP request with that challenge gets the new certificate, which
 * starts the next round. Without it the device's check-ins would be refused once the certificate
 * expires, and Apple devices drop management silently. The saga ends when the entry leaves management.
 */
@Saga
@ProcessingGroup(IdentityCertificateRenewalSaga.PROCESSOR)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class IdentityCertificateRenewalSaga {

    /** Its own streaming processor: see {@code CommandSideConfiguration#channelSagasFollowTheEvents}. */
    public static final String PROCESSOR = "identity-certificate-renewals";
    static final String RENEW = "identity-certificate-renewal";
    private static final String PROCESS = "identity-certificate-renewal";
    private static final Duration RETRY = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(IdentityCertificateRenewalSaga.class);

    private DeviceId deviceId;
    private TenantId tenantId;
    private String fingerprint;
    /** The renewal is due but the entry could not take it yet. */
    private boolean waiting;

    /** The deadline's payload: the certificate it renews (a newer one makes it stale). */
    public record RenewalDue(DeviceId deviceId, String fingerprint) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "deviceId")
    void on(IdentityCertificateIssued event, RenewalSchedule schedule, DeadlineManager deadlines, Clock clock) {
        deviceId = event.deviceId();
        tenantId = event.tenantId();
        fingerprint = event.fingerprint();
        waiting = false;
        Instant due = event.notAfter().minus(schedule.renewBefore());
        Duration wait = Duration.between(clock.instant(), due);
        deadlines.schedule(wait.isNegative() ? Duration.ZERO : wait, RENEW, new RenewalDue(deviceId, fingerprint));
    }

    /** Due: the renewal profile goes out; an entry not reachable yet (still enrolling) is tried again daily and when it enrolls. */
    @DeadlineHandler(deadlineName = RENEW)
    void on(RenewalDue due, CommandGateway commands, DeadlineManager deadlines) {
        if (!due.fingerprint().equals(fingerprint)) {
            return;
        }
        waiting = !request(commands);
        if (waiting) {
            deadlines.schedule(RETRY, RENEW, new RenewalDue(deviceId, fingerprint));
        }
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceEnrolled event, CommandGateway commands) {
        if (waiting) {
            waiting = !request(commands);
        }
    }

    /** Whether the entry queued the renewal (it does not when it is not managed, cannot be reached, or has a newer certificate). */
    private boolean request(CommandGateway commands) {
        try {
            return commands.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new RequestIdentityCertificateRenewal(deviceId, fingerprint))
                    .andMetaData(AuditMetadata.system(PROCESS, "certificate-renewal-due"))) != null;
        } catch (RuntimeException refused) {
            log.warn("No renewal profile for device {} yet: {}", deviceId, refused.getMessage());
            return false;
        }
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceRetired event) {
        SagaLifecycle.end();
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceWiped event) {
        SagaLifecycle.end();
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceCheckedOut event) {
        SagaLifecycle.end();
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceEntrySuperseded event) {
        SagaLifecycle.end();
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceDeleted event) {
        SagaLifecycle.end();
    }
}
