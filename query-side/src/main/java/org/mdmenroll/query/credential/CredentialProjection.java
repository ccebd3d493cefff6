package org.mdmenroll.query.credential;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.mdmenroll.support.database.SqlTimes.utc;

/** The tenant's Apple credentials and where each stands; an event delivered again changes nothing. */
@Component
@ProcessingGroup("credentials")
public class CredentialProjection {

    private final JdbcClient jdbc;

    public CredentialProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MdmPushCertificateRequested event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        insert into credential (credential_id, tenant_id, kind, certificate_pending, last_event_at,
                                                last_sequence)
                        values (?, ?, ?, true, ?, ?) on conflict (credential_id) do nothing""")
                .params(event.credentialId().value(), event.tenantId().value(), CredentialKind.MDM_PUSH_CERTIFICATE.name(),
                        utc(at), sequence).update();
        update(event.credentialId(), sequence, at, "certificate_pending = true");
    }

    @EventHandler
    void on(MdmPushCertificateUploaded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(),
                "topic = ?, uploaded_at = ?, certificate_pending = false", event.topic(), utc(at));
    }

    @EventHandler
    void on(MdmPushCertificateRenewed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(),
                "topic = ?, last_renewed_at = ?, certificate_pending = false", event.topic(), utc(at));
    }

    /** An import may be the credential's first event (no CSR was made here). */
    @EventHandler
    void on(MdmPushCertificateImported event, @SequenceNumber long sequence, @Timestamp Instant at) {
        insertToken(event.credentialId(), event.tenantId(), CredentialKind.MDM_PUSH_CERTIFICATE, sequence, at);
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(),
                "topic = ?, imported_at = ?, certificate_pending = false", event.topic(), utc(at));
    }

    @EventHandler
    void on(MdmPushTopicChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.credentialId(), sequence, at, "previous_topic = ?, topic_changed_at = ?", event.previousTopic(),
                utc(at));
    }

    @EventHandler
    void on(AdeTokenUploaded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        insertToken(event.credentialId(), event.tenantId(), CredentialKind.ADE_TOKEN, sequence, at);
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(),
                "apple_id = ?, server_name = ?, uploaded_at = ?", event.appleId(), event.serverName(), utc(at));
    }

    @EventHandler
    void on(AdeTokenRenewed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(), "server_name = ?, last_renewed_at = ?",
                event.serverName(), utc(at));
    }

    /** "12 devices (full fetch)" or "2 added, 1 modified, 0 deleted". */
    @EventHandler
    void on(AdeDevicesSynced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        String result = event.fullFetch() ? event.added() + " devices (full fetch)"
                : event.added() + " added, " + event.modified() + " modified, " + event.deleted() + " deleted";
        update(event.credentialId(), sequence, at, "last_sync_result = ?, last_sync_at = ?", result, utc(at));
    }

    /** A refused sync is the last sync result too: why devices stopped syncing. */
    @EventHandler
    void on(AdeTokenUseRefused event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (!"device-sync".equals(event.operation())) {
            return;
        }
        String result = "token-expired".equals(event.reason()) ? "refused: token expired"
                : "refused by Apple: " + event.reason();
        update(event.credentialId(), sequence, at, "last_sync_result = ?, last_sync_at = ?", result, utc(at));
    }

    @EventHandler
    void on(VppTokenUploaded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        insertToken(event.credentialId(), event.tenantId(), CredentialKind.VPP_TOKEN, sequence, at);
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(),
                "location = ?, org_name = ?, uploaded_at = ?", event.location(), event.orgName(), utc(at));
    }

    @EventHandler
    void on(VppTokenRenewed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        newExpiry(event.credentialId(), sequence, at, event.expiresAt(), "org_name = ?, last_renewed_at = ?",
                event.orgName(), utc(at));
    }

    /** A token's row starts one sequence before its upload, which then fills it in. */
    private void insertToken(CredentialId credentialId, TenantId tenantId, CredentialKind kind, long sequence,
                             Instant at) {
        jdbc.sql("""
                        insert into credential (credential_id, tenant_id, kind, last_event_at, last_sequence)
                        values (?, ?, ?, ?, ?) on conflict (credential_id) do nothing""")
                .params(credentialId.value(), tenantId.value(), kind.name(), utc(at), sequence - 1).update();
    }

    @EventHandler
    void on(CredentialExpiryWarned event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.credentialId(), sequence, at, "last_warning_days = ?", event.daysLeft());
    }

    @EventHandler
    void on(CredentialExpired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.credentialId(), sequence, at, "expired_at = ?", utc(event.expiredAt()));
    }

    /** An upload or renewal: the new expiry starts with no warning given and not expired. */
    private void newExpiry(CredentialId credentialId, long sequence, Instant at, Instant expiresAt, String assignments,
                           Object... values) {
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(utc(expiresAt));
        update(credentialId, sequence, at,
                assignments + ", expires_at = ?, expired_at = null, last_warning_days = null", params.toArray());
    }

    private void update(CredentialId credentialId, long sequence, Instant at, String assignments, Object... values) {
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(utc(at));
        params.add(sequence);
        params.add(credentialId.value());
        params.add(sequence);
        jdbc.sql("update credential set " + assignments + ", last_event_at = ?, last_sequence = ?"
                + " where credential_id = ? and last_sequence < ?").params(params).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from credential").update();
    }
}
