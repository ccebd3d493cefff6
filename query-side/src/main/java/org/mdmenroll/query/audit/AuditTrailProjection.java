package org.mdmenroll.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.WrappedToken;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Appends every tenant event to the tenant's audit trail as an {@link AuditRecord}, chained by
 * SHA-256 to the record before it; operator and system actions outside any tenant (and tenant and
 * account creation) go to the {@link OperatorTrail} as well, a chain of its own. An event delivered
 * twice is appended once.
 * <p>
 * With the JDBC event store a trail is chained in global-index order, the order a rebuild replays,
 * not in the order the processor sees the events (commit order; a transaction that took a lower
 * index can commit after a higher one). Each record first waits in {@code audit_pending}; a batch
 * then chains every trail's records up to the <em>settled watermark</em>, below which no event can
 * still appear: the index just below the processor token's lowest open gap (all of it when there
 * is none). A gap is left out once the event after it is older than {@code mdm.audit.settle-timeout}
 * (default 10 s), and records pending longer than that are chained by a timer, so a rolled-back
 * transaction holds nothing for long. The trail's reads lag by that much at most (README "What a
 * rebuild reproduces"). With Axon Server (one order, no gaps) records are chained as they come.
 * The records of a batch of events are written and chained together just before its transaction commits.
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
    private final Duration settleTimeout;
    private final TransactionTemplate transaction;

    public AuditTrailProjection(JdbcClient jdbc, JdbcTemplate batches,
            @Value("${axon.axonserver.enabled:false}") boolean axonServer,
            @Value("${mdm.audit.settle-timeout:PT10S}") Duration settleTimeout,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.axonServer = axonServer;
        this.settleTimeout = settleTimeout;
        this.transaction = new TransactionTemplate(transactions);
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, @Timestamp Instant at) {
        UUID tenantId = payload instanceof TenantEvent tenantEvent && tenantEvent.tenantId() != null
                ? tenantEvent.tenantId().value() : null;
        boolean operators = OperatorTrail.holds(payload, tenantId);
        GapAwareTrackingToken token = event instanceof TrackedEventMessage<?> tracked && !axonServer
                ? WrappedToken.unwrap(tracked.trackingToken(), GapAwareTrackingToken.class).orElse(null) : null;
        if (tenantId == null && !operators && token == null) {
            return;
        }
        Pending pending = pendingOfThisTransaction();
        if (token != null) {
            // the batch's last token: how far the store's order is settled once this batch commits
            pending.token = token;
        }
        if (tenantId == null && !operators) {
            if (!CurrentUnitOfWork.isStarted()) {
                write(pending);
            }
            return;
        }
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
        /** The token of the batch's last event; null with Axon Server or outside a tracking processor. */
        private GapAwareTrackingToken token;
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
        // the trail's records of these events so far (chained or pending), each one added below as it is added
        String[] ids = pending.records.stream().map(AuditRecord::eventId).toArray(String[]::new);
        Set<String> inTrail = ids.length == 0 ? new HashSet<>() : new HashSet<>(jdbc.sql("""
                        select event_id from audit_record where event_id = any(?)
                        union all select event_id from audit_pending where event_id = any(?)""")
                .params(ids, ids).query(String.class).list());
        List<AuditRecord> fresh = pending.records.stream().filter(record -> inTrail.add(record.eventId())).toList();
        if (pending.token == null) {
            // Axon Server (one order, no late commits), or no tracking processor: chained as they come
            if (!fresh.isEmpty()) {
                Map<String, Long> globalIndexes = globalIndexes(fresh);
                append(fresh.stream().map(record -> new Unchained(record,
                        globalIndexes.get(storedEventId(record.eventId())))).toList(),
                        lockHeads(fresh.stream().map(AuditRecord::tenantId).toList()));
            }
        } else {
            if (!fresh.isEmpty()) {
                // the token's index is the highest seen, not this event's (a late commit fills a gap below it)
                Map<String, Long> globalIndexes = globalIndexes(fresh);
                long highestSeen = pending.token.getIndex();
                batches.batchUpdate("""
                        insert into audit_pending (event_id, tenant_id, global_index, occurred_at, actor_type, actor,
                                                   action, summary, target_type, target_id, device_id, user_id,
                                                   result, request_id, cause, details)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (event_id) do nothing""", fresh.stream().map(record -> new Object[]{
                        record.eventId(), record.tenantId(),
                        globalIndexes.getOrDefault(storedEventId(record.eventId()), highestSeen),
                        utc(record.occurredAt()), record.actorType(), record.actor(), record.action(),
                        record.summary(), record.targetType(), record.targetId(), record.deviceId(),
                        record.userId(), record.result(), record.requestId(), record.cause(),
                        record.details()}).toList());
            }
            chainSettled(settledWatermark(pending.token));
        }
        pending.records.clear();
        pending.owners.clear();
        pending.token = null;
    }

    /**
     * The highest global index below which the event store can deliver no further event: just below
     * the token's lowest gap that is still open, the token's index when none is. A gap whose next
     * stored event is older than the settle timeout is taken as a transaction that rolled back (or
     * will be skipped: the store stops waiting for it too).
     */
    private long settledWatermark(GapAwareTrackingToken token) {
        if (token.getGaps().isEmpty()) {
            return token.getIndex();
        }
        Long lowestOpenGap = jdbc.sql("""
                        select min(g.i) from unnest(?::bigint[]) as g(i)
                        where coalesce((select e.timestamp::timestamptz from %s.domainevententry e
                                        where e.globalindex > g.i order by e.globalindex limit 1), now())
                              > now() - ? * interval '1 millisecond'""".formatted(SchemaMigrations.EVENT_STORE_SCHEMA))
                .params(token.getGaps().toArray(Long[]::new), settleTimeout.toMillis())
                .query(Long.class).optional().orElse(null);
        return lowestOpenGap == null ? token.getIndex() : lowestOpenGap - 1;
    }

    /**
     * Chains every trail's pending records up to {@code watermark} (and, whatever the watermark,
     * up to the highest one pending longer than the settle timeout), each trail's in global-index
     * order, under the trails' head locks.
     */
    private void chainSettled(long watermark) {
        long upTo = Math.max(watermark, jdbc.sql("""
                        select coalesce(max(global_index), -1) from audit_pending
                        where pending_since < now() - ? * interval '1 millisecond'""")
                .param(settleTimeout.toMillis()).query(Long.class).single());
        List<UUID> trails = jdbc.sql("select distinct tenant_id from audit_pending where global_index <= ?")
                .param(upTo).query(UUID.class).list();
        if (trails.isEmpty()) {
            return;
        }
        Map<UUID, Head> heads = lockHeads(trails);
        // read after the locks: a record the timer (or another node) chained meanwhile is gone
        List<Unchained> settled = jdbc.sql("""
                        select * from audit_pending where global_index <= ? and tenant_id = any(?)
                        order by tenant_id, global_index, event_id""")
                .params(upTo, trails.toArray(UUID[]::new)).query((rs, row) -> pendingRecord(rs)).list();
        if (settled.isEmpty()) {
            return;
        }
        append(settled, heads);
        jdbc.sql("delete from audit_pending where event_id = any(?)")
                .param(settled.stream().map(unchained -> unchained.record().eventId()).toArray(String[]::new))
                .update();
    }

    /**
     * Chains the records pending longer than the settle timeout when no further event comes to do
     * it (a gap left by a rolled-back transaction, and nothing written since).
     */
    @Scheduled(fixedDelayString = "${mdm.audit.settle-check-interval:PT1S}",
            initialDelayString = "${mdm.audit.settle-check-interval:PT1S}")
    void chainAbandonedGaps() {
        if (!axonServer) {
            transaction.executeWithoutResult(status -> chainSettled(-1));
        }
    }

    private static Unchained pendingRecord(ResultSet rs) throws SQLException {
        return new Unchained(new AuditRecord(rs.getObject("tenant_id", UUID.class), 0, rs.getString("event_id"),
                instant(rs, "occurred_at"), rs.getString("actor_type"), rs.getString("actor"), rs.getString("action"),
                rs.getString("summary"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("device_id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("result"),
                rs.getString("request_id"), rs.getString("cause"), rs.getString("details"), null, null),
                rs.getLong("global_index"));
    }

    /** A record not chained yet and its event's global index (null with Axon Server). */
    private record Unchained(AuditRecord record, Long globalIndex) {
    }

    /** The heads locked in one order (trail id), so segments sharing the operators' trail never deadlock. */
    private Map<UUID, Head> lockHeads(Collection<UUID> trails) {
        Map<UUID, Head> heads = new LinkedHashMap<>();
        trails.stream().distinct().sorted().forEach(trail -> heads.put(trail, lockHead(trail)));
        return heads;
    }

    /** Appends the records, in this order, after their trails' locked heads, and moves the heads. */
    private void append(List<Unchained> unchainedRecords, Map<UUID, Head> heads) {
        List<Object[]> rows = new ArrayList<>(unchainedRecords.size());
        for (Unchained unchained : unchainedRecords) {
            Head head = heads.get(unchained.record().tenantId());
            AuditRecord record = unchained.record().chainedTo(head.position() + 1, head.hash());
            Long globalIndex = unchained.globalIndex();
            if (globalIndex != null && head.globalIndex() != null && globalIndex < head.globalIndex()) {
                log.warn("Audit record {} of trail {} (event {}, global index {}) is chained after an event with "
                                + "global index {}: its transaction committed later than the settle timeout. A rebuild "
                                + "of the trail will chain it earlier, and checkpoints signed over position {} or later "
                                + "will not verify after the rebuild", record.position(), record.tenantId(),
                        record.eventId(), globalIndex, head.globalIndex(), record.position());
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
        jdbc.sql("truncate audit_record, audit_pending, audit_chain_head, audit_device_owner").update();
    }
}
