package org.mdmenroll.bench;

import org.mdmenroll.bench.connect.ConnectScenario;
import org.mdmenroll.bench.enrollment.EnrollmentScenario;
import org.mdmenroll.bench.history.HistoryScenario;
import org.mdmenroll.bench.nudges.NudgeScenario;
import org.mdmenroll.bench.queries.QueryScenario;
import org.mdmenroll.bench.rebuild.RebuildScenario;
import org.mdmenroll.bench.seed.EventStoreSeeder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark run ({@code ./bench [--quick] [scenario ...]}): a fresh database, both packaged
 * services started on it, the chosen scenarios, a results table on the console and as JSON. The
 * scenarios run in a fixed order, whatever order they are named in, because they share the event
 * store: the history's small store first, then enrollment, the rebuilds (which grow the store),
 * the history's large store, the queries (their own tenant's read model), the connects (whose seeded
 * devices grow the store past the history's sizes), the nudges.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.from(args);
        Progress.say("benchmarks " + config.scenarios() + (config.quick() ? " (quick)" : "") + "; sizes: devices="
                + config.devices() + " concurrency=" + config.concurrency() + " rebuild=" + config.rebuildEvents()
                + " queries=" + config.queryDevices() + " history=" + config.historyEvents() + " connect="
                + config.connectDevices() + " (" + config.connecting() + " connecting)");
        Results results = new Results();
        BenchDatabase database = BenchDatabase.fresh();
        Progress.say("database " + database.url() + (database.embedded() ? " (embedded: no local PostgreSQL answered)" : ""));
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("database", (database.embedded() ? "embedded " : "local ")
                + database.url().replaceAll("/[^/]*$", "/<fresh database>"));
        environment.put("serviceHeap", config.serviceHeap());
        environment.put("postgresql", serverVersion(database));
        environment.put("loadAverageAtStart",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        int exit = 0;
        // MockApnsServer must be up before the command side starts: it is told where APNs is at start.
        NudgeScenario nudges = config.runs("nudges") ? new NudgeScenario() : null;
        try (Services services = new Services(config, database, nudges == null ? Map.of() : nudges.environment())) {
            // Ctrl+C or a kill stops the services too, instead of leaving them running.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    services.close();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-stop-services"));
            services.start();
            try (MemorySampler memory = new MemorySampler(services)) {
                BenchContext context = new BenchContext(config, database, services, results, memory,
                        new EventStoreSeeder(database, services, config.livesPerTenant()));
                run(context, nudges);
            }
        } catch (Exception e) {
            Progress.say("the run failed: " + e);
            e.printStackTrace(System.out);
            exit = 1;
        }
        if (nudges != null) {
            nudges.close();
        }
        System.out.println();
        System.out.println(results.table());
        Progress.say("load average at start " + environment.get("loadAverageAtStart") + ", now "
                + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + " (on " + Runtime.getRuntime().availableProcessors() + " cores)");
        Path json = results.writeJson(config.output(), config, environment);
        Progress.say("results written to " + json);
        System.exit(exit);
    }

    private static void run(BenchContext context, NudgeScenario nudges) {
        BenchConfig config = context.config();
        HistoryScenario history = new HistoryScenario(context);
        boolean historyStarted = config.runs("history") && attempt(context, "history", history::small);
        if (config.runs("enrollment")) {
            attempt(context, "enrollment", () -> EnrollmentScenario.run(context));
        }
        if (config.runs("rebuild")) {
            attempt(context, "rebuild", () -> RebuildScenario.run(context));
        }
        if (historyStarted) {
            attempt(context, "history", history::large);
        }
        if (config.runs("queries")) {
            attempt(context, "queries", () -> QueryScenario.run(context));
        }
        if (config.runs("connect")) {
            attempt(context, "connect", () -> ConnectScenario.run(context));
        }
        if (nudges != null) {
            attempt(context, "nudges", () -> nudges.run(context));
        }
    }

    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    /** Runs a scenario; a failure is a result line of its own and the next scenario still runs. */
    private static boolean attempt(BenchContext context, String name, Scenario scenario) {
        try {
            scenario.run();
            return true;
        } catch (Exception e) {
            Progress.say(name + " failed: " + e);
            e.printStackTrace(System.out);
            context.results().add(Result.notMeasured(name, "", "(scenario failed)", String.valueOf(e)));
            return false;
        }
    }

    private static String serverVersion(BenchDatabase database) {
        try {
            return "PostgreSQL " + database.queryLong("select current_setting('server_version_num')::bigint");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
