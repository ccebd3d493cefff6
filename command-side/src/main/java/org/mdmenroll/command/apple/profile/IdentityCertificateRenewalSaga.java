package org.mdmenroll.command.apple.profile;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.mdmenroll.command.device.DeviceCommands.RequestIdentityCertificateRenewal;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.support.audit.AuditMetadata;
import org.mdmenroll.support.problem.Refusal;
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
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class IdentityCertificateRenewalSaga {

    static final String RENEW = "identity-certificate-renewal";
    private static final String PROCESS = "identity-certificate-renewal";
    private static final Logger log = LoggerFactory.getLogger(IdentityCertificateRenewalSaga.class);

    private DeviceId deviceId;
    private TenantId tenantId;
    private String fingerprint;

    /** The deadline's payload: the certificate it renews (a newer one makes it stale). */
    public record RenewalDue(DeviceId deviceId, String fingerprint) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "deviceId")
    void on(IdentityCertificateIssued event, RenewalSchedule schedule, DeadlineManager deadlines, Clock clock) {
        deviceId = event.deviceId();
        tenantId = event.tenantId();
        fingerprint = event.fingerprint();
        Instant due = event.notAfter().minus(schedule.renewBefore());
        Duration wait = Duration.between(clock.instant(), due);
        deadlines.schedule(wait.isNegative() ? Duration.ZERO : wait, RENEW, new RenewalDue(deviceId, fingerprint));
    }

    @DeadlineHandler(deadlineName = RENEW)
    void on(RenewalDue due, ProfileDownloads profiles, TenantDirectory tenants, CommandGateway commands) {
        if (!due.fingerprint().equals(fingerprint)) {
            return;
        }
        ProfileDownloads.RenewalProfile renewal;
        try {
            renewal = profiles.renewalProfile(tenants.require(tenantId), deviceId);
        } catch (Refusal refusal) {
            log.warn("No renewal profile for device {}: {} ({})", deviceId, refusal.type(), refusal.getMessage());
            return;
        }
        commands.sendAndWait(GenericCommandMessage
                .asCommandMessage(new RequestIdentityCertificateRenewal(deviceId, fingerprint, renewal.challengeHash(),
                        renewal.profile()))
                .andMetaData(AuditMetadata.system(PROCESS, "certificate-renewal-due")));
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
