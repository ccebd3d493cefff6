package org.mdmenroll.command.credential;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.mdmenroll.command.credential.CredentialCommands.ExpireAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.ExpireCredential;
import org.mdmenroll.command.credential.CredentialCommands.ExpireVppToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordAdeTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RecordCredentialExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RecordVppTokenExpiryWarning;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Per credential: warns 30, 14, 7 and 1 days before it expires and records the expiry, on
 * persistent deadlines; a renewal cancels what is pending and schedules the new dates. Warnings
 * whose date already passed when the expiry became known are not sent. Each kind of credential is
 * its own aggregate type, so the saga keeps the kind and sends that aggregate's commands (sagas
 * stored before the kind was kept are push certificates').
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class CredentialExpirySaga {

    static final String WARNING = "credential-expiry-warning";
    static final String EXPIRY = "credential-expiry";
    static final List<Integer> WARN_DAYS_BEFORE = List.of(30, 14, 7, 1);

    private CredentialId credentialId;
    private CredentialKind kind;
    private Instant expiresAt;

    /** The payload of a warning deadline: the expiry it warns of, so a warning outrun by a renewal is stale. */
    public record ExpiryWarning(int daysLeft, Instant expiresAt) {
    }

    /** The payload of the expiry deadline. */
    public record ExpiryDue(Instant expiresAt) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(MdmPushCertificateUploaded event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.MDM_PUSH_CERTIFICATE, event.expiresAt(), deadlines, clock);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(MdmPushCertificateRenewed event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.MDM_PUSH_CERTIFICATE, event.expiresAt(), deadlines, clock);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(MdmPushCertificateImported event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.MDM_PUSH_CERTIFICATE, event.expiresAt(), deadlines, clock);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(AdeTokenUploaded event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.ADE_TOKEN, event.expiresAt(), deadlines, clock);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(AdeTokenRenewed event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.ADE_TOKEN, event.expiresAt(), deadlines, clock);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(VppTokenUploaded event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.VPP_TOKEN, event.expiresAt(), deadlines, clock);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "credentialId")
    void on(VppTokenRenewed event, DeadlineManager deadlines, Clock clock) {
        start(event.credentialId(), CredentialKind.VPP_TOKEN, event.expiresAt(), deadlines, clock);
    }

    @DeadlineHandler(deadlineName = WARNING)
    void on(ExpiryWarning warning, CommandGateway commands) {
        commands.sendAndWait(switch (kind()) {
            case MDM_PUSH_CERTIFICATE -> new RecordCredentialExpiryWarning(credentialId, warning.daysLeft(), warning.expiresAt());
            case ADE_TOKEN -> new RecordAdeTokenExpiryWarning(credentialId, warning.daysLeft(), warning.expiresAt());
            case VPP_TOKEN -> new RecordVppTokenExpiryWarning(credentialId, warning.daysLeft(), warning.expiresAt());
        });
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void on(ExpiryDue due, CommandGateway commands) {
        commands.sendAndWait(switch (kind()) {
            case MDM_PUSH_CERTIFICATE -> new ExpireCredential(credentialId, due.expiresAt());
            case ADE_TOKEN -> new ExpireAdeToken(credentialId, due.expiresAt());
            case VPP_TOKEN -> new ExpireVppToken(credentialId, due.expiresAt());
        });
    }

    private CredentialKind kind() {
        return kind == null ? CredentialKind.MDM_PUSH_CERTIFICATE : kind;
    }

    /** The first upload, or a renewal: what was pending for the old expiry is cancelled. */
    private void start(CredentialId id, CredentialKind credentialKind, Instant newExpiry, DeadlineManager deadlines,
                       Clock clock) {
        credentialId = id;
        kind = credentialKind;
        deadlines.cancelAllWithinScope(WARNING);
        deadlines.cancelAllWithinScope(EXPIRY);
        schedule(newExpiry, deadlines, clock);
    }

    private void schedule(Instant newExpiry, DeadlineManager deadlines, Clock clock) {
        expiresAt = newExpiry;
        Instant now = clock.instant();
        for (int days : WARN_DAYS_BEFORE) {
            Instant warnAt = newExpiry.minus(Duration.ofDays(days));
            if (warnAt.isAfter(now)) {
                deadlines.schedule(Duration.between(now, warnAt), WARNING, new ExpiryWarning(days, newExpiry));
            }
        }
        deadlines.schedule(Duration.between(now, newExpiry).isNegative() ? Duration.ZERO : Duration.between(now, newExpiry),
                EXPIRY, new ExpiryDue(newExpiry));
    }
}
