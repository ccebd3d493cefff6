package org.mdmenroll.query.audit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mdmenroll.support.web.Cursor;
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
import java.util.List;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Reads a tenant's audit trail: pages newest first, a streamed CSV export of the same selection,
 * and the verification of its hash chain. Exports and verification read with a database cursor,
 * so memory stays flat however long the trail is.
 */
@Component
public class AuditTrail {

    private static final int FETCH_SIZE = 1000;
    static final String[] CSV_HEADER = {"position", "occurredAt", "actorType", "actor", "action", "summary",
            "targetType", "targetId", "deviceId", "userId", "result", "requestId", "cause", "details", "hash"};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate readOnly;

    public AuditTrail(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Which records: all filters optional; {@code to} is exclusive. */
    public record Filter(UUID tenantId, Instant from, Instant to, String actor, UUID deviceId, UUID userId,
                         String action) {
    }

    public record Page(List<AuditRecord> items, String nextCursor) {
    }

    /** The outcome of recomputing a tenant's chain; {@code firstBrokenAt} is a record position. */
    public record Verification(boolean valid, long checked, Long firstBrokenAt, long headPosition) {
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

    /** Writes the selection as CSV, newest first; cells a spreadsheet would run as a formula are defused. */
    public void exportCsv(Filter filter, Writer out) {
        List<Object> params = new ArrayList<>();
        String sql = where(filter, params).append(" order by position desc").toString();
        readOnly.executeWithoutResult(status -> {
            try {
                // Not closed here: the writer belongs to the caller (the HTTP response).
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get());
                template.query(connection -> {
                    var statement = connection.prepareStatement(sql);
                    statement.setFetchSize(FETCH_SIZE);
                    for (int i = 0; i < params.size(); i++) {
                        statement.setObject(i + 1, params.get(i));
                    }
                    return statement;
                }, (RowCallbackHandler) rs -> printRow(csv, record(rs)));
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void printRow(CSVPrinter csv, AuditRecord r) {
        try {
            csv.printRecord(r.position(), r.occurredAt(), cell(r.actorType()), cell(r.actor()), cell(r.action()),
                    cell(r.summary()), cell(r.targetType()), cell(r.targetId()), r.deviceId(), r.userId(),
                    cell(r.result()), cell(r.requestId()), cell(r.cause()), cell(r.details()), r.hash());
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
     * end at the recorded head. Deleted, altered or reordered records all break it.
     */
    public Verification verify(UUID tenantId) {
        return readOnly.execute(status -> {
            long head = jdbc.sql("select position from audit_chain_head where tenant_id = ?").param(tenantId)
                    .query(Long.class).optional().orElse(0L);
            long[] checked = {0};
            Long[] broken = {null};
            String[] previous = {AuditRecord.GENESIS};
            template.query(connection -> {
                var statement = connection.prepareStatement(
                        "select * from audit_record where tenant_id = ? order by position");
                statement.setFetchSize(FETCH_SIZE);
                statement.setObject(1, tenantId);
                return statement;
            }, (RowCallbackHandler) rs -> {
                if (broken[0] != null) {
                    return;
                }
                AuditRecord record = record(rs);
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
            return new Verification(broken[0] == null, checked[0], broken[0], head);
        });
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

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getObject("tenant_id", UUID.class), rs.getLong("position"), rs.getString("event_id"),
                instant(rs, "occurred_at"), rs.getString("actor_type"), rs.getString("actor"), rs.getString("action"),
                rs.getString("summary"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("device_id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("result"),
                rs.getString("request_id"), rs.getString("cause"), rs.getString("details"),
                rs.getString("previous_hash"), rs.getString("hash"));
    }
}
