package org.mdmenroll.command.push;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.credential.PushCertificateFiles;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.database.SqlTimes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Each tenant's installed MDM push certificate, as enrollment profiles (its topic) and MDM pushes
 * (certificate and key) need it. Kept from the credential's events in the transaction that stores
 * them; the private key stays sealed until a push client is built.
 */
@Component
@ProcessingGroup("push-certificates")
public class PushCertificates {

    private final JdbcClient jdbc;

    public PushCertificates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An installed push certificate. {@code expired} once its expiry was recorded. */
    public record Installed(String topic, String certificatePem, String sealedPrivateKey, Instant expiresAt,
                            boolean expired) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** The tenant's MDM push topic ({@code com.apple.mgmt.External.<uuid>}), once a certificate is installed. */
    public Optional<String> topicOf(TenantId tenantId) {
        return installed(tenantId).map(Installed::topic);
    }

    public Optional<Installed> installed(TenantId tenantId) {
        return jdbc.sql("""
                        select topic, certificate_pem, sealed_private_key, expires_at, expired
                        from push_certificate where tenant_id = ? and certificate_pem is not null""")
                .param(tenantId.value())
                .query((rs, row) -> new Installed(rs.getString("topic"), rs.getString("certificate_pem"),
                        rs.getString("sealed_private_key"), SqlTimes.instant(rs, "expires_at"), rs.getBoolean("expired")))
                .optional();
    }

    @EventHandler
    void on(MdmPushCertificateRequested event) {
        jdbc.sql("""
                        insert into push_certificate (tenant_id, credential_id, pending_public_key, pending_sealed_key)
                        values (?, ?, ?, ?)
                        on conflict (tenant_id) do update
                        set pending_public_key = excluded.pending_public_key, pending_sealed_key = excluded.pending_sealed_key""")
                .params(event.tenantId().value(), event.credentialId().value(),
                        PushCertificateFiles.publicKeyOfRequest(event.csrPem()), event.sealedPrivateKey())
                .update();
    }

    @EventHandler
    void on(MdmPushCertificateUploaded event) {
        installed(event.tenantId(), event.topic(), event.certificatePem(), event.expiresAt());
    }

    @EventHandler
    void on(MdmPushCertificateRenewed event) {
        installed(event.tenantId(), event.topic(), event.certificatePem(), event.expiresAt());
    }

    /** An imported certificate brings its own key; a pending CSR stays pending (for a later renewal). */
    @EventHandler
    void on(MdmPushCertificateImported event) {
        jdbc.sql("""
                        insert into push_certificate (tenant_id, credential_id, topic, certificate_pem, sealed_private_key,
                                                      expires_at, expired)
                        values (?, ?, ?, ?, ?, ?, false)
                        on conflict (tenant_id) do update
                        set topic = excluded.topic, certificate_pem = excluded.certificate_pem,
                            sealed_private_key = excluded.sealed_private_key, expires_at = excluded.expires_at,
                            expired = false""")
                .params(event.tenantId().value(), event.credentialId().value(), event.topic(), event.certificatePem(),
                        event.sealedPrivateKey(), SqlTimes.utc(event.expiresAt()))
                .update();
    }

    @EventHandler
    void on(CredentialExpired event) {
        if (event.kind() == CredentialKind.MDM_PUSH_CERTIFICATE) {
            jdbc.sql("update push_certificate set expired = true where tenant_id = ?")
                    .param(event.tenantId().value()).update();
        }
    }

    /** The certificate is answered by the pending CSR's key, or else by the key already in use. */
    private void installed(TenantId tenantId, String topic, String certificatePem, Instant expiresAt) {
        byte[] publicKey = PushCertificateFiles.read(certificatePem.getBytes(StandardCharsets.US_ASCII)).publicKey();
        byte[] pending = jdbc.sql("select pending_public_key from push_certificate where tenant_id = ?")
                .param(tenantId.value()).query(byte[].class).optional().orElse(null);
        boolean answersPending = Arrays.equals(publicKey, pending);
        jdbc.sql("""
                        update push_certificate
                        set topic = ?, certificate_pem = ?, expires_at = ?, expired = false,
                            sealed_private_key = case when ? then pending_sealed_key else sealed_private_key end,
                            pending_public_key = case when ? then null else pending_public_key end,
                            pending_sealed_key = case when ? then null else pending_sealed_key end
                        where tenant_id = ?""")
                .params(topic, certificatePem, SqlTimes.utc(expiresAt), answersPending, answersPending,
                        answersPending, tenantId.value())
                .update();
    }
}
