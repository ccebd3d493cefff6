package org.mdmenroll.query.audit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Reads a tenant's audit trail: pages newest first, streamed CSV and JSON Lines exports of the same
 * selection (oldest first, ending with the checkpoints that cover them), and the verification of
 * its hash chain and checkpoints. Exports and verification read with a database cursor,
 * so memory stays flat however long the trail is.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final int FETCH_SIZE = 1000;
    private static final int PROGRESS_EVERY = 100_000;
    static final String[] CSV_HEADER = {"position", "eventId", "occurredAt", "actorType", "actor", "action",
            "summary", "targetType", "targetId", "deviceId", "userId", "result", "requestId", "cause", "details",
            "previousHash", "hash"};
    /** The trailer's lines are comments: a CSV reader with '#' as its comment marker skips them. */
    static final CSVFormat CSV_FORMAT = CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).setCommentMarker('#').get();

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate readOnly;
    private final AuditCheckpoints checkpoints;
    private final AuditSigningKey signingKey;

    public AuditTrail(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions,
            AuditCheckpoints checkpoints, AuditSigningKey signingKey) {
        this.jdbc = jdbc;
        this.template = template;
        this.checkpoints = checkpoints;
        this.signingKey = signingKey;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Which records: all filters optional; {@code to} is exclusive. */
    public record Filter(UUID tenantId, Instant from, Instant to, String actor, UUID deviceId, UUID userId,
                         String action) {

        /** No filter: every record of the tenant, the only selection whose chain can be recomputed. */
        boolean isEmpty() {
            return from == null && to == null && (actor == null || actor.isBlank()) && deviceId == null
                    && userId == null && (action == null || action.isBlank());
        }
    }

    public record Page(List<AuditRecord> items, String nextCursor) {
    }

    /**
     * The outcome of recomputing a tenant's chain; {@code firstBrokenAt} is a record position;
     * {@code checkpoint} the check against the checkpoint (null when the tenant has none yet);
     * {@code outOfEventStoreOrder} the positions (the first 100) of records chained after an event
     * with a higher global index, which a rebuild would chain earlier (README "What a rebuild
     * reproduces"): not a broken chain, a warning before rebuilding.
     */
    public record Verification(boolean valid, long checked, Long firstBrokenAt, long headPosition,
                               CheckpointCheck checkpoint, List<Long> outOfEventStoreOrder) {
    }

    /**
     * The trail against a checkpoint ({@code position}, {@code signedAt}, {@code hash}) and the
     * {@code checkpointsChecked} checkpoints up to it: {@code firstBrokenCheckpoint} is the first
     * one that failed and {@code problem} says how.
     */
    public record CheckpointCheck(long position, Instant signedAt, String hash, boolean valid,
                                  int checkpointsChecked, Long firstBrokenCheckpoint, String problem) {
    }

    public Page page(Filter filter, String cursor, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = where(filter, params);
        if (cursor != null) {
            sql.append(" and position < ?");
            params.add(positionOf(cursor));
        }
        sql.append(" order by position desc limit ?");
        params.add(limit + 1);
        List<AuditRecord> rows = jdbc.sql(sql.toString()).params(params).query((rs, row) -> record(rs)).list();
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<AuditRecord> items = List.copyOf(rows.subList(0, limit));
        return new Page(items, Cursor.encode(Long.toString(items.get(limit - 1).position())));
    }

    /** The export formats: both stream the records in position order, then the checkpoint trailer. */
    public enum Format { CSV, JSON_LINES }

    /** What an export ends with: which checkpoint covers it, or why none does. */
    record Coverage(AuditCheckpoint checkpoint, String unsignedReason) {
    }

    /**
     * Signs (or finds) the checkpoint an export of the tenant ends with: call it before streaming, so
     * a refusal to sign is known, and logged, before the first byte. A trail that cannot be signed
     * is exported all the same; its trailer then says why no checkpoint covers it.
     */
    Coverage coverage(UUID tenantId) {
        try {
            return new Coverage(checkpoints.sign(tenantId).checkpoint(), null);
        } catch (Refusal refusal) {
            log.warn("Audit export of tenant {} without a covering checkpoint: {}", tenantId, refusal.getMessage());
            return new Coverage(null, refusal.getMessage());
        }
    }

    /**
     * Writes the selection in position order (oldest first) and then the trailer: the tenant's
     * checkpoints up to the covering one (oldest first), and one closing line saying what the export
     * holds and whether its chain can be recomputed (only an unfiltered export's can). CSV cells a
     * spreadsheet would run as a formula are defused; the CSV's trailer lines are comments
     * ({@code #} and the same JSON as the JSON Lines trailer).
     */
    public void export(Filter filter, Format format, Coverage coverage, Writer out) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = where(filter, params);
        if (coverage.checkpoint() != null) {
            where.append(" and position <= ?");
            params.add(coverage.checkpoint().position());
        }
        String sql = where.append(" order by position").toString();
        UUID tenantId = filter.tenantId();
        readOnly.executeWithoutResult(status -> {
            try {
                // Not closed here: the writer belongs to the caller (the HTTP response).
                CSVPrinter csv = format == Format.CSV ? new CSVPrinter(out, CSV_FORMAT) : null;
                long[] written = {0};
                long[] last = {0};
                template.query(connection -> {
                    var statement = connection.prepareStatement(sql);
                    statement.setFetchSize(FETCH_SIZE);
                    for (int i = 0; i < params.size(); i++) {
                        statement.setObject(i + 1, params.get(i));
                    }
                    return statement;
                }, (RowCallbackHandler) rs -> {
                    AuditRecord record = record(rs);
                    if (csv != null) {
                        printRow(csv, record);
                    } else {
                        line(out, AuditExportLines.record(record));
                    }
                    written[0]++;
                    last[0] = record.position();
                    if (written[0] % PROGRESS_EVERY == 0) {
                        log.info("Audit export of tenant {}: {} records written, at position {}", tenantId,
                                written[0], last[0]);
                    }
                });
                List<String> trailer = new ArrayList<>();
                if (coverage.checkpoint() != null) {
                    checkpoints.chain(tenantId, coverage.checkpoint().position())
                            .forEach(checkpoint -> trailer.add(AuditExportLines.checkpoint(checkpoint)));
                }
                trailer.add(AuditExportLines.end(tenantId, filter.isEmpty(), written[0], last[0], coverage));
                for (String line : trailer) {
                    if (csv != null) {
                        csv.printComment(line);
                    } else {
                        line(out, line);
                    }
                }
                if (csv != null) {
                    csv.flush();
                }
                out.flush();
                log.info("Audit export of tenant {} done: {} records ({}), covered by checkpoint {}", tenantId,
                        written[0], format, coverage.checkpoint() == null ? "none" : coverage.checkpoint().position());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void line(Writer out, String json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printRow(CSVPrinter csv, AuditRecord r) {
        try {
            csv.printRecord(r.position(), r.eventId(), r.occurredAt(), cell(r.actorType()), cell(r.actor()),
                    cell(r.action()), cell(r.summary()), cell(r.targetType()), cell(r.targetId()), r.deviceId(),
                    r.userId(), cell(r.result()), cell(r.requestId()), cell(r.cause()), cell(r.details()),
                    r.previousHash(), r.hash());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text cell starting with = + - @ (or tab, CR) is prefixed with ' so spreadsheets show it as text. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /**
     * Recomputes the tenant's chain from its first record: each position must follow the last, each
     * record must name the previous record's hash and hash to what it stores, and the chain must
     * end at the recorded head. Deleted, altered or reordered records all break it. Then the
     * checkpoints up to the latest (or the one at {@code checkpointPosition}): each signed by the
     * query side's key, each chained to the one before, and the record at each one's position
     * holding its head hash; a rewrite of every record and of the head is caught there.
     */
    public Verification verify(UUID tenantId, Long checkpointPosition) {
        List<AuditCheckpoint> chain;
        if (checkpointPosition == null) {
            chain = checkpoints.chain(tenantId, Long.MAX_VALUE);
        } else {
            if (checkpoints.at(tenantId, checkpointPosition).isEmpty()) {
                throw Refusal.notFound("unknown-audit-checkpoint", "The tenant has no audit checkpoint at position "
                        + checkpointPosition + " (GET /api/audit/checkpoints lists them).");
            }
            chain = checkpoints.chain(tenantId, checkpointPosition);
        }
        return readOnly.execute(status -> {
            long head = jdbc.sql("select position from audit_chain_head where tenant_id = ?").param(tenantId)
                    .query(Long.class).optional().orElse(0L);
            Map<Long, String> checkpointed = new HashMap<>();
            chain.forEach(checkpoint -> checkpointed.put(checkpoint.position(), checkpoint.headHash()));
            Map<Long, String> found = new HashMap<>();
            List<Long> outOfOrder = new ArrayList<>();
            long[] highestIndex = {Long.MIN_VALUE};
            long[] checked = {0};
            long[] scanned = {0};
            Long[] broken = {null};
            String[] previous = {AuditRecord.GENESIS};
            template.query(connection -> {
                var statement = connection.prepareStatement(
                        "select * from audit_record where tenant_id = ? order by position");
                statement.setFetchSize(FETCH_SIZE);
                statement.setObject(1, tenantId);
                return statement;
            }, (RowCallbackHandler) rs -> {
                AuditRecord record = record(rs);
                if (++scanned[0] % PROGRESS_EVERY == 0) {
                    log.info("Audit verification of tenant {}: {} records read, at position {}", tenantId,
                            scanned[0], record.position());
                }
                if (checkpointed.containsKey(record.position())) {
                    found.put(record.position(), record.hash());
                }
                long globalIndex = rs.getLong("global_index");
                if (!rs.wasNull()) {
                    if (globalIndex < highestIndex[0] && outOfOrder.size() < 100) {
                        outOfOrder.add(record.position());
                    }
                    highestIndex[0] = Math.max(highestIndex[0], globalIndex);
                }
                if (broken[0] != null) {
                    return;
                }
                long expected = checked[0] + 1;
                boolean intact = record.position() == expected && record.previousHash().equals(previous[0])
                        && record.computeHash().equals(record.hash());
                if (!intact) {
                    broken[0] = Math.min(record.position(), expected);
                    return;
                }
                checked[0] = expected;
                previous[0] = record.hash();
            });
            if (broken[0] == null && checked[0] != head) {
                broken[0] = checked[0] + 1;
            }
            CheckpointCheck checkpoint = chain.isEmpty() ? null : checkChain(chain, found);
            boolean valid = broken[0] == null && (checkpoint == null || checkpoint.valid());
            if (!valid) {
                log.warn("Audit verification of tenant {} failed: chain broken at {}, checkpoint {}", tenantId,
                        broken[0], checkpoint);
            }
            if (!outOfOrder.isEmpty()) {
                log.warn("Audit trail {}: records at {} were chained after events with higher global indexes; a "
                        + "rebuild would chain them earlier", tenantId, outOfOrder);
            }
            return new Verification(valid, checked[0], broken[0], head, checkpoint, List.copyOf(outOfOrder));
        });
    }

    /** The checkpoints oldest first: signature, link to the one before, and the record at each one's position. */
    private CheckpointCheck checkChain(List<AuditCheckpoint> chain, Map<Long, String> recordHashes) {
        String previous = AuditRecord.GENESIS;
        AuditCheckpoint last = chain.get(chain.size() - 1);
        for (AuditCheckpoint checkpoint : chain) {
            String problem = null;
            if (!checkpoint.previousCheckpointHash().equals(previous)) {
                problem = "does not chain to the checkpoint before it";
            } else if (!checkpoint.computeHash().equals(checkpoint.hash())) {
                problem = "its hash is not the hash of its content";
            } else if (!signingKey.verifies(checkpoint.keyId(), checkpoint.signedText(), checkpoint.signature())) {
                problem = "its signature does not verify with the signing key";
            } else if (!recordHashes.containsKey(checkpoint.position())) {
                problem = "the trail has no record at its position";
            } else if (!recordHashes.get(checkpoint.position()).equals(checkpoint.headHash())) {
                problem = "the record at its position has another hash than the one it signed";
            }
            if (problem != null) {
                return new CheckpointCheck(last.position(), last.signedAt(), last.hash(), false, chain.size(),
                        checkpoint.position(), "Checkpoint at position " + checkpoint.position() + ": " + problem + ".");
            }
            previous = checkpoint.hash();
        }
        return new CheckpointCheck(last.position(), last.signedAt(), last.hash(), true, chain.size(), null, null);
    }

    private static StringBuilder where(Filter filter, List<Object> params) {
        StringBuilder sql = new StringBuilder("select * from audit_record where tenant_id = ?");
        params.add(filter.tenantId());
        if (filter.from() != null) {
            sql.append(" and occurred_at >= ?");
            params.add(utc(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and occurred_at < ?");
            params.add(utc(filter.to()));
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            sql.append(" and actor = ?");
            params.add(filter.actor().strip());
        }
        if (filter.deviceId() != null) {
            sql.append(" and device_id = ?");
            params.add(filter.deviceId());
        }
        if (filter.userId() != null) {
            sql.append(" and user_id = ?");
            params.add(filter.userId());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" and action = ?");
            params.add(filter.action().strip());
        }
        return sql;
    }

    private static long positionOf(String cursor) {
        try {
            return Long.parseLong(Cursor.decode(cursor, 1).get(0));
        } catch (NumberFormatException e) {
            throw Cursor.invalid();
        }
    }

    static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getObject("tenant_id", UUID.class), rs.getLong("position"), rs.getString("event_id"),
                instant(rs, "occurred_at"), rs.getString("actor_type"), rs.getString("actor"), rs.getString("action"),
                rs.getString("summary"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("device_id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("result"),
                rs.getString("request_id"), rs.getString("cause"), rs.getString("details"),
                rs.getString("previous_hash"), rs.getString("hash"));
    }
}
