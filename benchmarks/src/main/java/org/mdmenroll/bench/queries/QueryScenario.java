package org.mdmenroll.bench.queries;

import com.fasterxml.jackson.databind.JsonNode;
import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Latencies;
import org.mdmenroll.bench.MemoryReport;
import org.mdmenroll.bench.MemorySampler;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Result;
import org.mdmenroll.bench.Result.Target;
import org.mdmenroll.bench.Services;
import org.mdmenroll.support.testing.Http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.mdmenroll.bench.BenchTenant.expect;

/**
 * Scenario 3: one tenant with 100,000 and then 1,000,000 device entries and audit records; each
 * list is paged through (first page, then following the cursor) a number of rounds, through REST
 * and with the same SQL through JDBC, one request at a time. Targets: REST p99 at most 2 x the
 * JDBC p99, and REST p99 growing at most 1.5 x from the smaller to the larger size.
 */
public final class QueryScenario {

    private static final String NAME = "queries";
    private static final int LIMIT = 50;

    private QueryScenario() {
    }

    public static void run(BenchContext context) throws Exception {
        Services services = context.services();
        List<Long> sizes = context.config().queryDevices();
        BenchTenant tenant = BenchTenant.create(services, "bench-queries");
        ReadModelSeeder seeder = new ReadModelSeeder(context.database(), tenant.tenantId(), sizes.get(sizes.size() - 1));
        Instant windowStart = seeder.start().plus(Duration.ofDays(20));
        Instant windowEnd = windowStart.plus(Duration.ofDays(7));
        List<ListQuery> queries = List.of(
                ListQuery.devices("devices status+platform", "status=ACTIVE&platform=IOS",
                        " and platform in (?) and status in (?)", List.of("IOS", "ACTIVE")),
                ListQuery.devices("devices text search", "q=user1234",
                        " and status <> 'DELETED' and search_text like ?", List.of("%user1234%")),
                ListQuery.devices("devices account-driven+excl.retired", "accountDriven=true&excludeRetired=true",
                        " and status <> 'DELETED' and status <> 'INACTIVE' and account_driven", List.of()),
                ListQuery.audit("audit 7-day range", "from=" + windowStart + "&to=" + windowEnd,
                        " and occurred_at >= ? and occurred_at < ?",
                        List.of(OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC),
                                OffsetDateTime.ofInstant(windowEnd, ZoneOffset.UTC))));
        Map<String, Map<Long, Double>> restP99 = new LinkedHashMap<>();
        for (long size : sizes) {
            seeder.topUpTo(size);
            String label = size + " entries";
            context.memory().begin();
            double cpuBefore = MemorySampler.cpuSeconds(services.querySide());
            int pagesRead = 0;
            for (ListQuery query : queries) {
                Latencies rest = new Latencies();
                Latencies jdbc = new Latencies();
                pagesRead += measure(context, tenant, query, rest, jdbc);
                restP99.computeIfAbsent(query.name(), k -> new LinkedHashMap<>()).put(size, rest.p99());
                context.results().add(Result.compared(NAME, label, "p50 ms: " + query.name(), rest.p50(),
                        "JDBC p50 ms", jdbc.p50(), rest.p50() / jdbc.p50(), null, rest.count() + " pages"));
                context.results().add(Result.compared(NAME, label, "p99 ms: " + query.name(), rest.p99(),
                        "JDBC p99 ms", jdbc.p99(), rest.p99() / jdbc.p99(), Target.atMost(2.0), ""));
            }
            double cpu = MemorySampler.cpuSeconds(services.querySide()) - cpuBefore;
            context.results().add(Result.info(NAME, label, "query-side CPU ms per REST page", cpu * 1000 / pagesRead,
                    String.format("%.1f CPU s for %d pages", cpu, pagesRead)));
            MemoryReport.add(context, NAME, label, context.memory().end());
        }
        if (sizes.size() >= 2) {
            long small = sizes.get(0);
            long large = sizes.get(sizes.size() - 1);
            for (Map.Entry<String, Map<Long, Double>> query : restP99.entrySet()) {
                double growth = query.getValue().get(large) / query.getValue().get(small);
                context.results().add(Result.compared(NAME, small + " -> " + large, "p99 growth: " + query.getKey(),
                        growth, "", Double.NaN, growth, Target.atMost(1.5), ""));
            }
        }
    }

    /** Answers how many REST pages it read, warm-up included. */
    private static int measure(BenchContext context, BenchTenant tenant, ListQuery query, Latencies rest,
            Latencies jdbc) throws Exception {
        int requests = 0;
        int pages = context.config().queryPages();
        int rounds = context.config().queryRounds();
        Http http = context.services().http();
        String auth = query.auditor() ? tenant.auditor() : tenant.admin();
        try (Progress progress = Progress.start("query " + query.name(), "pages", 2L * pages * rounds);
             Connection connection = context.database().connect()) {
            connection.setSchema("query_side");
            for (int round = -context.config().warmUp(); round < rounds; round++) {
                boolean warmUp = round < 0;
                String cursor = null;
                for (int page = 0; page < pages; page++) {
                    String url = context.services().query() + query.path() + "&limit=" + LIMIT
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                    long start = System.nanoTime();
                    JsonNode body = expect(http.get(url, auth), 200, query.name()).body();
                    requests++;
                    if (!warmUp) {
                        rest.record(System.nanoTime() - start);
                    }
                    cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
                    if (cursor == null) {
                        break;
                    }
                }
                List<Object> keys = null;
                for (int page = 0; page < pages; page++) {
                    long start = System.nanoTime();
                    keys = jdbcPage(connection, tenant.tenantId(), query, keys);
                    if (!warmUp) {
                        jdbc.record(System.nanoTime() - start);
                    }
                    if (keys == null) {
                        break;
                    }
                }
                progress.add(warmUp ? 0 : 2L * pages);
            }
        }
        return requests;
    }

    /** One page through JDBC; answers the keys of its last row, or null when it was the last page. */
    private static List<Object> jdbcPage(Connection connection, UUID tenantId, ListQuery query, List<Object> after)
            throws Exception {
        String sql = query.sql() + (after == null ? "" : query.keyset()) + query.orderLimit();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 1;
            statement.setObject(p++, tenantId);
            for (Object param : query.params()) {
                statement.setObject(p++, param);
            }
            if (after != null) {
                for (Object key : after) {
                    statement.setObject(p++, key);
                }
            }
            statement.setInt(p, LIMIT + 1);
            List<Object> last = null;
            int rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    rows++;
                    for (int c = 1; c <= columns; c++) {
                        rs.getObject(c);
                    }
                    if (rows == LIMIT) {
                        last = new ArrayList<>();
                        for (String key : query.keys()) {
                            last.add(rs.getObject(key));
                        }
                    }
                }
            }
            return rows > LIMIT ? last : null;
        }
    }
}
