package org.mdmenroll.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.mdmenroll.events.AccountEvent;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.support.audit.AuditMetadata;
import org.mdmenroll.support.audit.SecretFields;
import org.mdmenroll.support.axon.MessageSerialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Appends every tenant event to the tenant's audit trail as an {@link AuditRecord}, chained by
 * SHA-256 to the record before it. A tenant's events arrive in order (tenant sequencing), and an
 * event delivered twice is appended once. The records of a batch of events are chained and
 * written together just before its transaction commits.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit";

    private static final Map<String, String> SUMMARIES = Map.ofEntries(
            Map.entry("EnrollmentStarted", "Registration started"),
            Map.entry("EnrollmentProfileDownloaded", "Enrollment profile downloaded"),
            Map.entry("EnrollmentProfileExpired", "Enrollment profile expired before it was installed"),
            Map.entry("EnrollmentProfileInstallCancelled", "Profile installation cancelled: MDM inactive"),
            Map.entry("IdentityCertificateIssued", "Identity certificate issued over SCEP"),
            Map.entry("IdentityCertificateRefused", "SCEP request refused: no identity certificate"),
            Map.entry("DeviceEnrolled", "Device registered: active"),
            Map.entry("DeviceReEnrolled", "Device re-registration started"),
            Map.entry("DeviceEntrySuperseded", "Entry inactive: a newer entry of the same device is active"),
            Map.entry("DeviceCheckedOut", "Device checked out: inactive"),
            Map.entry("DeviceAuthenticated", "Device checked in: MDM profile installed (Authenticate)"),
            Map.entry("MdmPushTokenUpdated", "Device sent its MDM push token (TokenUpdate)"),
            Map.entry("DeviceUserChannelEnrolled", "macOS user channel enrolled"),
            Map.entry("MdmPushSent", "MDM push sent to the device"),
            Map.entry("MdmPushFailed", "MDM push not delivered"),
            Map.entry("DeviceRetired", "Device retired: inactive"),
            Map.entry("DeviceWiped", "Device wiped"),
            Map.entry("DeviceReset", "Device reset: active until its next registration"),
            Map.entry("DeviceDeleted", "Device entry deleted"),
            Map.entry("EnrollmentPinRejected", "Wrong enrollment PIN"),
            Map.entry("EnrollmentPinLockedOut", "Enrollment PIN locked out"),
            Map.entry("AdeDevicesSynced", "ADE devices synced from Apple"),
            Map.entry("AdeProfileAssigned", "ADE enrollment profile assigned to devices"),
            Map.entry("AdeTokenUseRefused", "ADE device sync or profile assignment refused"),
            Map.entry("VppLicensesAssigned", "VPP licences assigned to devices"),
            Map.entry("VppLicensesRevoked", "VPP licences revoked from devices"),
            Map.entry("VppTokenUseRefused", "VPP licence assignment or revocation refused"),
            Map.entry("AndroidProvisioningConfigured", "Android provisioning settings changed"),
            Map.entry("EnrollmentTokenCreated", "Android enrollment token created"),
            Map.entry("EnrollmentTokenRedeemed", "Android enrollment token used to enroll a device"),
            Map.entry("EnrollmentTokenRefused", "Android enrollment token refused (expired, used or revoked)"),
            Map.entry("EnrollmentTokenRevoked", "Android enrollment token revoked"),
            Map.entry("AndroidAgentRegistered", "Android agent enrolling the device"),
            Map.entry("ManualCaCertificatesRemoved", "Manually installed CA certificates removed"),
            Map.entry("QrLoginIssued", "Portal QR code for the enrollment app shown"),
            Map.entry("QrLoginAccepted", "Enrollment app logged in with the portal's QR code"),
            Map.entry("EnrollmentNudgeSent", "Enrollment app nudged to finish enrolling"),
            Map.entry("EnrollmentNudgesStopped", "Enrollment nudges stopped"),
            Map.entry("ApnsAppPushConfigured", "Enrollment app push settings (APNs) changed"),
            Map.entry("FcmAppPushConfigured", "Enrollment app push settings (FCM) changed"));

    private static final String PENDING = AuditTrailProjection.class.getName() + ".pending";
    private static final Map<String, String> WORDS = new ConcurrentHashMap<>();
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z])(?=[A-Z])");

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json = MessageSerialization.messageMapper();

    public AuditTrailProjection(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, @Timestamp Instant at) {
        if (!(payload instanceof TenantEvent tenantEvent) || tenantEvent.tenantId() == null) {
            return;
        }
        Pending pending = pendingOfThisTransaction();
        UUID tenantId = tenantEvent.tenantId().value();
        UUID deviceId = payload instanceof DeviceEvent device && device.deviceId() != null
                ? device.deviceId().value() : null;
        UUID userId = payload instanceof UserEvent user && user.userId() != null ? user.userId().value() : null;
        if (deviceId != null && userId != null) {
            pending.owners.put(deviceId, userId);
        } else if (deviceId != null) {
            userId = pending.owners.containsKey(deviceId) ? pending.owners.get(deviceId)
                    : jdbc.sql("select user_id from audit_device_owner where device_id = ?").param(deviceId)
                    .query(UUID.class).optional().orElse(null);
        }
        String action = payload.getClass().getSimpleName();
        Target target = target(tenantEvent);
        String actorType = AuditMetadata.actorType(event.getMetaData());
        String actor = AuditMetadata.actor(event.getMetaData());
        // as PostgreSQL keeps it, so the hash verifies against the stored row whatever the clock's precision
        Instant occurredAt = at.truncatedTo(ChronoUnit.MICROS);
        pending.records.add(new AuditRecord(tenantId, 0, event.getIdentifier(), occurredAt,
                actorType == null ? "UNKNOWN" : actorType, actor == null ? "-" : actor, action,
                SUMMARIES.getOrDefault(action, words(action)), target.type(), target.id(),
                deviceId, userId, payload instanceof RefusalEvent ? "REFUSED" : "SUCCESS",
                AuditMetadata.requestId(event.getMetaData()), AuditMetadata.cause(event.getMetaData()),
                details(payload), null, null));
        if (!CurrentUnitOfWork.isStarted()) {
            write(pending);
        }
    }

    /**
     * What this transaction's events add: the records not chained yet, in event order, and the
     * device owners they named. Written once, just before the commit, in three JDBC batches
     * instead of a round trip or two per event (README "Benchmarks").
     */
    private static final class Pending {
        private final List<AuditRecord> records = new ArrayList<>();
        private final Map<UUID, UUID> owners = new LinkedHashMap<>();
    }

    private Pending pendingOfThisTransaction() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Pending();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            Pending pending = new Pending();
            unitOfWork.onPrepareCommit(committing -> write(pending));
            return pending;
        });
    }

    /**
     * Appends the records after their tenants' chain heads, each head locked and read once; an event
     * already appended (delivered again) is left out before the chaining, so the chain never skips.
     */
    private void write(Pending pending) {
        if (!pending.owners.isEmpty()) {
            batches.batchUpdate("""
                            insert into audit_device_owner (device_id, user_id) values (?, ?)
                            on conflict (device_id) do update set user_id = excluded.user_id""",
                    pending.owners.entrySet().stream().map(owner -> new Object[]{owner.getKey(), owner.getValue()})
                            .toList());
        }
        if (pending.records.isEmpty()) {
            return;
        }
        // the trail's records of these events so far, and each one chained below as it is added
        Set<String> inTrail = new HashSet<>(jdbc.sql("select event_id from audit_record where event_id = any(?)")
                .param(pending.records.stream().map(AuditRecord::eventId).toArray(String[]::new))
                .query(String.class).list());
        Map<UUID, Head> heads = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>(pending.records.size());
        for (AuditRecord unchained : pending.records) {
            if (!inTrail.add(unchained.eventId())) {
                continue;
            }
            Head head = heads.computeIfAbsent(unchained.tenantId(), this::lockHead);
            AuditRecord record = unchained.chainedTo(head.position() + 1, head.hash());
            heads.put(record.tenantId(), new Head(record.position(), record.hash()));
            rows.add(new Object[]{record.tenantId(), record.position(), record.eventId(), utc(record.occurredAt()),
                    record.actorType(), record.actor(), record.action(), record.summary(), record.targetType(),
                    record.targetId(), record.deviceId(), record.userId(), record.result(), record.requestId(),
                    record.cause(), record.details(), record.previousHash(), record.hash()});
        }
        batches.batchUpdate("""
                insert into audit_record (tenant_id, position, event_id, occurred_at, actor_type, actor, action,
                                          summary, target_type, target_id, device_id, user_id, result,
                                          request_id, cause, details, previous_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        batches.batchUpdate("update audit_chain_head set position = ?, hash = ? where tenant_id = ?",
                heads.entrySet().stream().map(head -> new Object[]{head.getValue().position(),
                        head.getValue().hash(), head.getKey()}).toList());
        pending.records.clear();
        pending.owners.clear();
    }

    /** A tenant's chain head as this transaction sees it. */
    private record Head(long position, String hash) {
    }

    /** Creates the head at the genesis if the tenant has none, locks it until the commit and reads it. */
    private Head lockHead(UUID tenantId) {
        Map<String, Object> head = jdbc.sql("""
                        insert into audit_chain_head (tenant_id, position, hash) values (?, 0, ?)
                        on conflict (tenant_id) do update set position = audit_chain_head.position
                        returning position, hash""")
                .params(tenantId, AuditRecord.GENESIS).query().singleRow();
        return new Head(((Number) head.get("position")).longValue(), (String) head.get("hash"));
    }

    /** A record's target: the first id its event names (device, token, user, account, credential), else the tenant. */
    private record Target(String type, String id) {
    }

    private static Target target(TenantEvent event) {
        if (event instanceof DeviceEvent device && device.deviceId() != null) {
            return new Target("DEVICE", device.deviceId().toString());
        }
        if (event instanceof EnrollmentTokenEvent token && token.enrollmentTokenId() != null) {
            return new Target("ENROLLMENT_TOKEN", token.enrollmentTokenId().toString());
        }
        if (event instanceof UserEvent user && user.userId() != null) {
            return new Target("USER", user.userId().toString());
        }
        if (event instanceof AccountEvent account && account.accountId() != null) {
            return new Target("ACCOUNT", account.accountId().toString());
        }
        if (event instanceof CredentialEvent credential && credential.credentialId() != null) {
            return new Target("CREDENTIAL", credential.credentialId().toString());
        }
        return new Target("TENANT", event.tenantId().toString());
    }

    /** The event as JSON without secrets: hashes, sealed values, passwords, PINs and tokens are left out. */
    private String details(Object payload) {
        JsonNode tree = SecretFields.removeFrom(json.valueToTree(payload));
        try {
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String words(String camelCase) {
        return WORDS.computeIfAbsent(camelCase, name -> WORD_BOUNDARY.matcher(name).replaceAll(" "));
    }

    /** A rebuild starts the chains anew; TRUNCATE, since the trail refuses row deletes. */
    @ResetHandler
    void reset() {
        jdbc.sql("truncate audit_record, audit_chain_head, audit_device_owner").update();
    }
}
