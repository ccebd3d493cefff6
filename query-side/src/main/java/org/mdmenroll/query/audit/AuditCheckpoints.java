package org.mdmenroll.query.audit;

import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Signs, stores and lists the tenants' audit checkpoints. A tenant gets a new checkpoint only when
 * its chain head moved past the last one, and only after the records added since that checkpoint
 * were checked to extend it: a checkpoint never vouches for a chain that does not verify from the
 * checkpoint before. Signing takes a per-tenant PostgreSQL advisory lock for its transaction, so
 * two query-side nodes (the schedule, a request, an export) never fork a tenant's checkpoint chain;
 * the unique (tenant, previous checkpoint) constraint would refuse a fork anyway.
 */
@Component
public class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    private static final int FETCH_SIZE = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AuditSigningKey key;
    private final TransactionTemplate transaction;

    public AuditCheckpoints(JdbcClient jdbc, JdbcTemplate template, AuditSigningKey key,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.key = key;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A checkpoint request's outcome: the new checkpoint, or the latest one if the head had not moved. */
    public record Signed(AuditCheckpoint checkpoint, boolean created) {
    }

    /**
     * Signs a checkpoint of the tenant's head if it moved since the latest checkpoint (or there is none).
     * Refused (409) when the tenant has no record yet, when its trail is behind its latest checkpoint
     * (a rebuild is under way, or records were removed), and when the records since the latest
     * checkpoint do not extend it.
     */
    public Signed sign(UUID tenantId) {
        return transaction.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('audit-checkpoint:' || ?, 0))")
                    .param(tenantId.toString()).query().listOfRows();
            Optional<AuditCheckpoint> latest = latest(tenantId);
            long head = jdbc.sql("select position from audit_chain_head where tenant_id = ?").param(tenantId)
                    .query(Long.class).optional().orElse(0L);
            if (head == 0) {
                throw Refusal.conflict("audit-trail-empty", "The tenant's audit trail has no record to checkpoint yet.");
            }
            long since = latest.map(AuditCheckpoint::position).orElse(0L);
            if (head == since) {
                return new Signed(latest.get(), false);
            }
            if (head < since) {
                throw Refusal.conflict("audit-trail-behind-checkpoint", "The audit trail ends at position " + head
                        + ", before the latest checkpoint at " + since + ": a rebuild of the trail is under way "
                        + "(wait for it) or records were removed (GET /api/audit/verify).");
            }
            String headHash = extend(tenantId, since, latest.map(AuditCheckpoint::headHash)
                    .orElse(AuditRecord.GENESIS), head);
            Instant signedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String previous = latest.map(AuditCheckpoint::hash).orElse(AuditRecord.GENESIS);
            String text = AuditCheckpoint.signedText(tenantId, head, headHash, signedAt, previous);
            AuditCheckpoint checkpoint = new AuditCheckpoint(tenantId, head, headHash, signedAt, previous,
                    AuditCheckpoint.sha256(text), key.keyId(), key.sign(text));
            jdbc.sql("""
                            insert into audit_checkpoint (tenant_id, position, head_hash, signed_at,
                                                          previous_checkpoint_hash, checkpoint_hash, key_id, signature)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(tenantId, head, headHash, utc(signedAt), previous, checkpoint.hash(), checkpoint.keyId(),
                            checkpoint.signature())
                    .update();
            log.info("Audit checkpoint of tenant {} at position {} ({})", tenantId, head, checkpoint.hash());
            return new Signed(checkpoint, true);
        });
    }

    /**
     * Checks the records after {@code since} up to {@code head} continue the chain from
     * {@code sinceHash} (the latest checkpoint's head, or the genesis), and answers the head's hash.
     */
    private String extend(UUID tenantId, long since, String sinceHash, long head) {
        if (since > 0) {
            String stored = jdbc.sql("select hash from audit_record where tenant_id = ? and position = ?")
                    .params(tenantId, since).query(String.class).optional().orElse(null);
            if (!sinceHash.equals(stored)) {
                throw chainBroken(tenantId, since);
            }
        }
        long[] expected = {since + 1};
        String[] previous = {sinceHash};
        Long[] broken = {null};
        template.query(connection -> {
            var statement = connection.prepareStatement(
                    "select * from audit_record where tenant_id = ? and position > ? and position <= ? order by position");
            statement.setFetchSize(FETCH_SIZE);
            statement.setObject(1, tenantId);
            statement.setLong(2, since);
            statement.setLong(3, head);
            return statement;
        }, (RowCallbackHandler) rs -> {
            if (broken[0] != null) {
                return;
            }
            AuditRecord record = AuditTrail.record(rs);
            if (record.position() != expected[0] || !record.previousHash().equals(previous[0])
                    || !record.computeHash().equals(record.hash())) {
                broken[0] = Math.min(record.position(), expected[0]);
                return;
            }
            expected[0]++;
            previous[0] = record.hash();
        });
        if (broken[0] == null && expected[0] != head + 1) {
            broken[0] = expected[0];
        }
        if (broken[0] != null) {
            throw chainBroken(tenantId, broken[0]);
        }
        return previous[0];
    }

    private static Refusal chainBroken(UUID tenantId, long position) {
        log.error("Audit trail of tenant {} does not extend its latest checkpoint: broken at position {}; "
                + "no checkpoint signed", tenantId, position);
        return new Refusal(Refusal.Kind.CONFLICT, "audit-chain-broken", "The audit trail does not extend its "
                + "latest checkpoint (broken at position " + position + "): no checkpoint is signed over it. "
                + "GET /api/audit/verify names what broke.", java.util.Map.of("firstBrokenAt", position));
    }

    /** Every tenant whose head moved past its latest checkpoint gets one; a tenant that fails is logged, the rest go on. */
    @Scheduled(fixedDelayString = "${mdm.audit.checkpoint-interval:PT1H}",
            initialDelayString = "${mdm.audit.checkpoint-interval:PT1H}")
    public void signMoved() {
        List<UUID> moved = jdbc.sql("""
                select h.tenant_id from audit_chain_head h
                where h.position > coalesce((select max(c.position) from audit_checkpoint c
                                             where c.tenant_id = h.tenant_id), 0)""")
                .query(UUID.class).list();
        int signed = 0;
        for (UUID tenantId : moved) {
            try {
                if (sign(tenantId).created()) {
                    signed++;
                }
            } catch (Refusal refusal) {
                log.warn("No audit checkpoint for tenant {}: {} ({})", tenantId, refusal.getMessage(), refusal.type());
            } catch (RuntimeException e) {
                log.error("No audit checkpoint for tenant {}", tenantId, e);
            }
        }
        if (!moved.isEmpty()) {
            log.info("Scheduled audit checkpoints: {} signed for {} tenants whose trail moved", signed, moved.size());
        }
    }

    public Optional<AuditCheckpoint> latest(UUID tenantId) {
        return jdbc.sql("select * from audit_checkpoint where tenant_id = ? order by position desc limit 1")
                .param(tenantId).query((rs, row) -> checkpoint(rs)).optional();
    }

    public Optional<AuditCheckpoint> at(UUID tenantId, long position) {
        return jdbc.sql("select * from audit_checkpoint where tenant_id = ? and position = ?")
                .params(tenantId, position).query((rs, row) -> checkpoint(rs)).optional();
    }

    /** The tenant's checkpoints up to {@code upTo} (inclusive), oldest first: the checkpoint chain. */
    public List<AuditCheckpoint> chain(UUID tenantId, long upTo) {
        return jdbc.sql("select * from audit_checkpoint where tenant_id = ? and position <= ? order by position")
                .params(tenantId, upTo).query((rs, row) -> checkpoint(rs)).list();
    }

    /** A page of the tenant's checkpoints, newest first, before {@code before} (exclusive) if given. */
    public List<AuditCheckpoint> page(UUID tenantId, Long before, int limit) {
        return jdbc.sql("""
                        select * from audit_checkpoint where tenant_id = ? and position < ?
                        order by position desc limit ?""")
                .params(tenantId, before == null ? Long.MAX_VALUE : before, limit)
                .query((rs, row) -> checkpoint(rs)).list();
    }

    static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
        return new AuditCheckpoint(rs.getObject("tenant_id", UUID.class), rs.getLong("position"),
                rs.getString("head_hash"), instant(rs, "signed_at"), rs.getString("previous_checkpoint_hash"),
                rs.getString("checkpoint_hash"), rs.getString("key_id"), rs.getString("signature"));
    }
}
