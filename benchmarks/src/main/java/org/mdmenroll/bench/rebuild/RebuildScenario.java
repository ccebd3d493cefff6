package org.mdmenroll.bench.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.MemorySampler;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Result;
import org.mdmenroll.bench.Result.Target;
import org.mdmenroll.bench.Services;
import org.mdmenroll.support.testing.Http;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: the store is seeded (JDBC, the services' stored form) up to each size, then every
 * query-side projection is rebuilt at once through {@code POST /api/projections/{name}/rebuild},
 * polled until all are DONE. events/s is the store's size over the wall time of the whole rebuild;
 * the baseline is the same number of rows of the same width written with JDBC batches of 1000
 * into a table shaped and indexed like the event store. Targets: at least 0.5 of the baseline, and
 * no slowdown from the smaller to the larger store (at least 0.9, for the machine's noise).
 */
public final class RebuildScenario {

    private static final String NAME = "rebuild";

    private RebuildScenario() {
    }

    public static void run(BenchContext context) throws Exception {
        Map<Long, Double> rates = new LinkedHashMap<>();
        for (long size : context.config().rebuildEvents()) {
            long events = context.seeder().topUpTo(size);
            String label = events + " events";
            List<String> projections = projections(context.database());
            Map<String, Duration> took = new LinkedHashMap<>();
            double cpuBefore = MemorySampler.cpuSeconds(context.services().querySide());
            double seconds = rebuildAll(context.services(), projections, events, took);
            double cpu = MemorySampler.cpuSeconds(context.services().querySide()) - cpuBefore;
            double rate = events / seconds;
            double baseline = batchedInserts(context, events);
            rates.put(events, rate);
            context.results().add(Result.compared(NAME, label, "events/s, " + projections.size() + " projections at once",
                    rate, "JDBC batched INSERT rows/s", baseline, rate / baseline, Target.atLeast(0.5),
                    String.format("%.1f s", seconds)));
            context.results().add(Result.info(NAME, label, "query-side CPU ms per 1000 events", cpu * 1e6 / events,
                    String.format("%.1f CPU s over %.1f s", cpu, seconds)));
            for (Map.Entry<String, Duration> projection : took.entrySet()) {
                context.results().add(Result.info(NAME, label, "s to rebuild " + projection.getKey(),
                        projection.getValue().toMillis() / 1000.0, ""));
            }
        }
        if (rates.size() >= 2) {
            List<Long> sizes = new ArrayList<>(rates.keySet());
            long small = sizes.get(0);
            long large = sizes.get(sizes.size() - 1);
            double growth = rates.get(large) / rates.get(small);
            context.results().add(Result.compared(NAME, small + " -> " + large, "events/s large / events/s small",
                    growth, "", Double.NaN, growth, Target.atLeast(0.9), "1.0 = no slowdown"));
        }
    }

    /** The query side's processing groups (from its token store); accounts last, as its rebuild empties logins. */
    static List<String> projections(BenchDatabase database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "select distinct processorname from query_side.tokenentry order by processorname");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        if (names.remove("accounts")) {
            names.add("accounts");
        }
        return names;
    }

    private static double rebuildAll(Services services, List<String> projections, long events,
            Map<String, Duration> took) throws Exception {
        Http http = services.http();
        Map<String, Long> processed = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (Progress progress = Progress.start("rebuilding " + String.join(", ", projections), "events (slowest projection)",
                events, () -> processed.toString())) {
            for (String name : projections) {
                Http.Response answer = http.post(services.query() + "/api/projections/" + name + "/rebuild",
                        services.operator(), "");
                if (answer.status() != 202) {
                    throw new IllegalStateException("rebuild of " + name + " answered " + answer.status() + " " + answer.body());
                }
            }
            Instant deadline = Instant.now().plus(Duration.ofHours(3));
            while (took.size() < projections.size()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the rebuild took more than 3 hours");
                }
                Thread.sleep(250);
                for (String name : projections) {
                    if (took.containsKey(name)) {
                        continue;
                    }
                    Http.Response status = http.get(services.query() + "/api/projections/" + name + "/rebuild",
                            services.operator());
                    if (status.status() == 401) {
                        continue; // the accounts projection is replaying the operator's account
                    }
                    JsonNode body = status.body();
                    processed.put(name, body.path("processed").asLong());
                    switch (body.path("status").asText()) {
                        case "DONE" -> took.put(name, Duration.between(Instant.parse(body.path("startedAt").asText()),
                                Instant.parse(body.path("finishedAt").asText())));
                        case "FAILED" -> throw new IllegalStateException("rebuild of " + name + " failed: " + body);
                        default -> { }
                    }
                }
                progress.set(processed.values().stream().mapToLong(Long::longValue).min().orElse(0));
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double batchedInserts(BenchContext context, long rows) throws Exception {
        BenchDatabase database = context.database();
        database.execute("create schema if not exists bench");
        database.execute("drop table if exists bench.rebuild_baseline");
        database.execute("""
                create table bench.rebuild_baseline (
                    globalindex bigserial primary key, eventidentifier varchar(255) not null unique,
                    aggregateidentifier varchar(255) not null, sequencenumber bigint not null,
                    type varchar(255), timestamp varchar(255) not null, payloadtype varchar(255) not null,
                    payloadrevision varchar(255), payload bytea not null, metadata bytea,
                    unique (aggregateidentifier, sequencenumber))""");
        long started;
        try (Progress progress = Progress.start("rebuild baseline: JDBC batched inserts", "rows", rows)) {
            started = System.nanoTime();
            context.seeder().insert("bench.rebuild_baseline", rows, progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long written = database.queryLong("select count(*) from bench.rebuild_baseline");
        database.execute("drop table bench.rebuild_baseline");
        return written / seconds;
    }
}
