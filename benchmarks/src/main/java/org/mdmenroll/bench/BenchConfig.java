package org.mdmenroll.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run measures and at which sizes, from system properties ({@code -Dbench.devices=5000}).
 * {@code bench.quick=true} (or {@code ./bench --quick}) takes small sizes for a smoke run; any size
 * given explicitly wins over both.
 *
 * @param scenarios       the scenarios to run (all when none is named); memory is measured during enrollment and queries
 * @param devices         enrollment: simulated devices ({@code bench.devices}, default 2000)
 * @param enrollmentWarmUp enrollment: flows run untimed before the timed ones, on devices of their own, so the
 *                        command side is measured JIT-compiled ({@code bench.enrollment.warmup}, 300; 100 quick)
 * @param concurrency     enrollment: devices at once, and the baseline's connections ({@code bench.concurrency}, 32)
 * @param rebuildEvents   rebuild: event store sizes ({@code bench.rebuild.events}, 100000,1000000)
 * @param queryDevices    queries: device entries (and audit records) of the queried tenant ({@code bench.query.devices})
 * @param historyEvents   history: event store sizes, small then large ({@code bench.history.events}, 10000,1000000)
 * @param queryPages      queries: pages read per query, following the cursor ({@code bench.query.pages}, 10)
 * @param queryRounds     queries: how often each query's pages are read after the warm-up ({@code bench.query.rounds}, 30)
 * @param historyRequests history: requests per kind and size after the warm-up ({@code bench.history.requests}, 200)
 * @param warmUp          untimed rounds of queries and requests of history before the timed ones, so the services
 *                        are measured JIT-compiled as they run in production ({@code bench.warmup}, 100; 50 quick)
 * @param nudges          nudges: pushes ({@code bench.nudges}, 2000)
 * @param connectDevices  connect: enrolled devices of the connecting tenant, small then large
 *                        ({@code bench.connect.devices}, 10000,100000); all but the connecting ones are seeded
 * @param connecting      connect: devices enrolled through the whole flow at each size that then connect, timed
 *                        ({@code bench.connect.connecting}, 2000; 200 quick)
 * @param connectWarmUp   connect: devices of their own that enroll and connect untimed first
 *                        ({@code bench.connect.warmup}, 300; 100 quick)
 * @param livesPerTenant  seeding: device lives (about ten events each) per seeded tenant ({@code bench.seed.lives-per-tenant}, 1000)
 * @param serviceHeap     each service's -Xmx ({@code bench.service.heap}, 512m: the memory target)
 * @param output          where results and service logs go ({@code bench.output}, benchmarks/target)
 */
public record BenchConfig(Set<String> scenarios, boolean quick, int devices, int enrollmentWarmUp, int concurrency, List<Long> rebuildEvents,
                          List<Long> queryDevices, List<Long> historyEvents, int queryPages, int queryRounds,
                          int historyRequests, int warmUp, int nudges, List<Long> connectDevices, int connecting,
                          int connectWarmUp, int livesPerTenant, String serviceHeap, Path output,
                          Path commandSideJar, Path querySideJar) {

    public static final List<String> ALL_SCENARIOS = List.of("enrollment", "rebuild", "queries", "history", "connect",
            "nudges");

    public static BenchConfig from(String[] args) {
        Set<String> scenarios = new LinkedHashSet<>();
        boolean quick = Boolean.getBoolean("bench.quick");
        for (String arg : args) {
            if (arg.equals("--quick") || arg.equals("quick")) {
                quick = true;
            } else if (ALL_SCENARIOS.contains(arg)) {
                scenarios.add(arg);
            } else {
                throw new IllegalArgumentException("Unknown scenario '" + arg + "'; known: " + ALL_SCENARIOS
                        + " and --quick");
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(ALL_SCENARIOS);
        }
        return new BenchConfig(scenarios, quick,
                integer("bench.devices", quick ? 200 : 2000),
                integer("bench.enrollment.warmup", quick ? 100 : 300),
                integer("bench.concurrency", 32),
                sizes("bench.rebuild.events", quick ? "20000,60000" : "100000,1000000"),
                sizes("bench.query.devices", quick ? "10000,40000" : "100000,1000000"),
                sizes("bench.history.events", quick ? "5000,60000" : "10000,1000000"),
                integer("bench.query.pages", quick ? 5 : 10),
                integer("bench.query.rounds", quick ? 10 : 30),
                integer("bench.history.requests", quick ? 50 : 200),
                integer("bench.warmup", quick ? 50 : 100),
                integer("bench.nudges", quick ? 200 : 2000),
                sizes("bench.connect.devices", quick ? "1000,5000" : "10000,100000"),
                integer("bench.connect.connecting", quick ? 200 : 2000),
                integer("bench.connect.warmup", quick ? 100 : 300),
                integer("bench.seed.lives-per-tenant", 1000),
                System.getProperty("bench.service.heap", "512m"),
                Path.of(System.getProperty("bench.output", "benchmarks/target")),
                Path.of(System.getProperty("mdm.commandSideJar", "command-side/target/command-side-0.1.0-SNAPSHOT-exec.jar")),
                Path.of(System.getProperty("mdm.querySideJar", "query-side/target/query-side-0.1.0-SNAPSHOT-exec.jar")));
    }

    public boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    private static int integer(String property, int fallback) {
        return Integer.parseInt(System.getProperty(property, Integer.toString(fallback)).replace("_", ""));
    }

    private static List<Long> sizes(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(","))
                .map(String::strip).map(s -> s.replace("_", "")).map(Long::parseLong).sorted().toList();
    }
}
