package org.mdmenroll.command.credential;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** What can be asked of a tenant's Apple credentials. */
public final class CredentialCommands {

    private CredentialCommands() {
    }

    /** A tenant has one MDM push certificate; its credential id follows from the tenant's. */
    public static CredentialId pushCertificateOf(TenantId tenantId) {
        return new CredentialId(UUID.nameUUIDFromBytes(("mdm-push-certificate:" + tenantId)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Answered with the CSR (PEM): the pending one, or a new key pair's. */
    public record RequestPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, TenantId tenantId,
                                         String tenantName) {
    }

    /** The certificate Apple returned (PEM or DER), for a tenant that has none yet. */
    public record UploadPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, byte[] certificate) {
    }

    /** The renewed certificate; another topic only with {@code confirmTopicChange}. */
    public record RenewPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, byte[] certificate,
                                       boolean confirmTopicChange) {
    }

    /** From the expiry saga; ignored when the credential was renewed since ({@code expiresAt} differs). */
    public record RecordCredentialExpiryWarning(@TargetAggregateIdentifier CredentialId credentialId, int daysLeft,
                                                Instant expiresAt) {
    }

    /** From the expiry saga; ignored when the credential was renewed since. */
    public record ExpireCredential(@TargetAggregateIdentifier CredentialId credentialId, Instant expiresAt) {
    }

    /** What an upload or renewal answers. */
    public record PushCertificateState(CredentialId credentialId, String topic, Instant expiresAt, boolean topicChanged) {
    }
}
