package org.mdmenroll.bench.connect;

import org.mdmenroll.bench.BenchDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rows inserted, updated and deleted per table of some schemas, from PostgreSQL's statistics
 * ({@code pg_stat_user_tables}): what a phase wrote, whoever wrote it. A backend reports its
 * counts at most once a second and an idle one within ten, so a snapshot first waits that long.
 */
final class TableWrites {

    /** Inserted, updated, deleted rows of one table. */
    record Counts(long inserted, long updated, long deleted) {

        Counts minus(Counts other) {
            return new Counts(inserted - other.inserted, updated - other.updated, deleted - other.deleted);
        }

        long total() {
            return inserted + updated + deleted;
        }
    }

    private final Map<String, Counts> tables;

    private TableWrites(Map<String, Counts> tables) {
        this.tables = tables;
    }

    /** The counts so far of every table in {@code schemas}, after the statistics had time to arrive. */
    static TableWrites snapshot(BenchDatabase database, String... schemas) throws Exception {
        Thread.sleep(11_000);
        Map<String, Counts> tables = new TreeMap<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     select schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables
                     where schemaname = any (?)""")) {
            statement.setArray(1, connection.createArrayOf("text", schemas));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return new TableWrites(tables);
    }

    /** What was written between {@code before} and this snapshot, tables that saw no write left out. */
    TableWrites since(TableWrites before) {
        Map<String, Counts> written = new TreeMap<>();
        tables.forEach((table, counts) -> {
            Counts delta = counts.minus(before.tables.getOrDefault(table, new Counts(0, 0, 0)));
            if (delta.total() != 0) {
                written.put(table, delta);
            }
        });
        return new TableWrites(written);
    }

    long total() {
        return tables.values().stream().mapToLong(Counts::total).sum();
    }

    /** Rows per unit and table, e.g. {@code domainevententry +6.0, sagaentry ~1.0 -1.0} (inserted, updated, deleted). */
    String describe(long units) {
        return tables.entrySet().stream().map(table -> table.getKey().substring(table.getKey().indexOf('.') + 1)
                        + per("+", table.getValue().inserted(), units) + per(" ~", table.getValue().updated(), units)
                        + per(" -", table.getValue().deleted(), units))
                .collect(Collectors.joining(", "));
    }

    private static String per(String sign, long rows, long units) {
        return rows == 0 ? "" : String.format(Locale.ROOT, " %s%.1f", sign, rows / (double) units);
    }
}
