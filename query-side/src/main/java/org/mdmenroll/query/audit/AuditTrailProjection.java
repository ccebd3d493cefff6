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
import org.mdmenroll.support.database.SchemaMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Appends every tenant event to the tenant's audit trail as an {@link AuditRecord}, chained by
 * SHA-256 to the record before it; operator and system actions outside any tenant (and tenant and
 * account creation) go to the {@link OperatorTrail} as well, a chain of its own. A tenant's events
 * arrive in order (tenant sequencing), and an event delivered twice is appended once. The records of a batch of events are chained and
 * written together just before its transaction commits.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit";

    private static final String PENDING = AuditTrailProjection.class.getName() + ".pending";
    private static final Logger log = LoggerFactory.getLogger(AuditTrailProjection.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json = MessageSerialization.messageMapper();
    private final boolean axonServer;

    public AuditTrailProjection(JdbcClient jdbc, JdbcTemplate batches,
            @Value("${axon.axonserver.enabled:false}") boolean axonServer) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.axonServer = axonServer;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, @Timestamp Instant at) {
        UUID tenantId = payload instanceof TenantEvent tenantEvent && tenantEvent.tenantId() != null
                ? tenantEvent.tenantId().value() : null;
        boolean operators = OperatorTrail.holds(payload, tenantId);
        if (tenantId == null && !operators) {
            return;
        }
        Pending pending = pendingOfThisTransaction();
        String actorType = AuditMetadata.actorType(event.getMetaData());
        String actor = AuditMetadata.actor(event.getMetaData());
        // as PostgreSQL keeps it, so the hash verifies against the stored row whatever the clock's precision
        Instant occurredAt = at.truncatedTo(ChronoUnit.MICROS);
        String action = payload.getClass().getSimpleName();
        String result = payload instanceof RefusalEvent ? "REFUSED" : "SUCCESS";
        String requestId = AuditMetadata.requestId(event.getMetaData());
        String cause = AuditMetadata.cause(event.getMetaData());
        String details = details(payload);
        if (tenantId != null) {
            TenantEvent tenantEvent = (TenantEvent) payload;
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
            Target target = target(tenantEvent);
            pending.records.add(new AuditRecord(tenantId, 0, event.getIdentifier(), occurredAt,
                    actorType == null ? "UNKNOWN" : actorType, actor == null ? "-" : actor, action,
                    AuditSummaries.of(tenantEvent.getClass()), target.type(), target.id(),
                    deviceId, userId, result, requestId, cause, details, null, null));
        }
        if (operators) {
            Target target = payload instanceof TenantEvent tenantEvent && tenantId != null ? target(tenantEvent)
                    : payload instanceof AccountEvent account && account.accountId() != null
                    ? new Target("ACCOUNT", account.accountId().toString()) : new Target("NONE", "-");
            pending.records.add(new AuditRecord(OperatorTrail.ID, 0, OperatorTrail.EVENT_ID_PREFIX
                    + event.getIdentifier(), occurredAt, actorType == null ? "UNKNOWN" : actorType,
                    actor == null ? "-" : actor, action, OperatorTrail.summary(payload), target.type(), target.id(),
                    null, null, result, requestId, cause, details, null, null));
        }
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
        List<AuditRecord> fresh = pending.records.stream().filter(record -> inTrail.add(record.eventId())).toList();
        Map<String, Long> globalIndexes = globalIndexes(fresh);
        // the heads locked in one order (trail id), so segments sharing the operators' trail never deadlock
        Map<UUID, Head> heads = new LinkedHashMap<>();
        fresh.stream().map(AuditRecord::tenantId).distinct().sorted()
                .forEach(trail -> heads.put(trail, lockHead(trail)));
        List<Object[]> rows = new ArrayList<>(fresh.size());
        for (AuditRecord unchained : fresh) {
            Head head = heads.get(unchained.tenantId());
            AuditRecord record = unchained.chainedTo(head.position() + 1, head.hash());
            Long globalIndex = globalIndexes.get(storedEventId(record.eventId()));
            if (globalIndex != null && head.globalIndex() != null && globalIndex < head.globalIndex()) {
                log.warn("Audit record {} of trail {} (event {}, global index {}) is chained after an event with "
                                + "global index {}: its transaction committed late. A rebuild of the trail will chain "
                                + "it earlier, and checkpoints signed over position {} or later will not verify "
                                + "after the rebuild", record.position(), record.tenantId(), record.eventId(),
                        globalIndex, head.globalIndex(), record.position());
            }
            heads.put(record.tenantId(), new Head(record.position(), record.hash(),
                    head.globalIndex() == null ? globalIndex
                            : globalIndex == null ? head.globalIndex() : Math.max(head.globalIndex(), globalIndex)));
            rows.add(new Object[]{record.tenantId(), record.position(), record.eventId(), utc(record.occurredAt()),
                    record.actorType(), record.actor(), record.action(), record.summary(), record.targetType(),
                    record.targetId(), record.deviceId(), record.userId(), record.result(), record.requestId(),
                    record.cause(), record.details(), record.previousHash(), record.hash(), globalIndex});
        }
        batches.batchUpdate("""
                insert into audit_record (tenant_id, position, event_id, occurred_at, actor_type, actor, action,
                                          summary, target_type, target_id, device_id, user_id, result,
                                          request_id, cause, details, previous_hash, hash, global_index)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        batches.batchUpdate("update audit_chain_head set position = ?, hash = ?, global_index = ? where tenant_id = ?",
                heads.entrySet().stream().map(head -> new Object[]{head.getValue().position(),
                        head.getValue().hash(), head.getValue().globalIndex(), head.getKey()}).toList());
        pending.records.clear();
        pending.owners.clear();
    }

    /** A tenant's chain head as this transaction sees it, and the highest global index chained so far. */
    private record Head(long position, String hash, Long globalIndex) {
    }

    /** Creates the head at the genesis if the tenant has none, locks it until the commit and reads it. */
    private Head lockHead(UUID tenantId) {
        Map<String, Object> head = jdbc.sql("""
                        insert into audit_chain_head (tenant_id, position, hash) values (?, 0, ?)
                        on conflict (tenant_id) do update set position = audit_chain_head.position
                        returning position, hash, global_index""")
                .params(tenantId, AuditRecord.GENESIS).query().singleRow();
        Object globalIndex = head.get("global_index");
        return new Head(((Number) head.get("position")).longValue(), (String) head.get("hash"),
                globalIndex == null ? null : ((Number) globalIndex).longValue());
    }

    /**
     * The events' global indexes in the JDBC event store, by event id, in one query per batch; none
     * with Axon Server (its store has one order and no late commits).
     */
    private Map<String, Long> globalIndexes(List<AuditRecord> records) {
        if (axonServer || records.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> indexes = new HashMap<>();
        jdbc.sql("select eventidentifier, globalindex from " + SchemaMigrations.EVENT_STORE_SCHEMA
                        + ".domainevententry where eventidentifier = any(?)")
                .param(records.stream().map(record -> storedEventId(record.eventId())).distinct()
                        .toArray(String[]::new))
                .query(rs -> {
                    indexes.put(rs.getString(1), rs.getLong(2));
                });
        return indexes;
    }

    /** The event id as the event store has it (the operators' trail prefixes its records' ids). */
    private static String storedEventId(String recordEventId) {
        return recordEventId.startsWith(OperatorTrail.EVENT_ID_PREFIX)
                ? recordEventId.substring(OperatorTrail.EVENT_ID_PREFIX.length()) : recordEventId;
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

    /** A rebuild starts the chains anew; TRUNCATE, since the trail refuses row deletes. */
    @ResetHandler
    void reset() {
        jdbc.sql("truncate audit_record, audit_chain_head, audit_device_owner").update();
    }
}
