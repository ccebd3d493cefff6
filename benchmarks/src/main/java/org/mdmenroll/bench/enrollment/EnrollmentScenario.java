package org.mdmenroll.bench.enrollment;

import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Latencies;
import org.mdmenroll.bench.MemoryReport;
import org.mdmenroll.bench.MemorySampler;
import org.mdmenroll.bench.Parallel;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Result;
import org.mdmenroll.bench.Result.Target;
import org.mdmenroll.bench.Services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: N simulated iOS devices, C at a time, each through the whole enrollment flow over
 * HTTP. Before the timed part every device gets its user (with a password) and a one-time PIN from
 * the admin API, in a tenant that requires PINs, and {@code bench.enrollment.warmup} flows run on
 * devices of their own, untimed, so the command side is measured JIT-compiled. Reports flows/s, commands/s and events/s of the
 * timed part and p50/p99 per step, against single-row INSERT commits through JDBC at the same
 * concurrency (as many as the flow's commands). Target: commands/s at least 0.6 of commits/s.
 */
public final class EnrollmentScenario {

    private static final String NAME = "enrollment";
    /** Long enough that no profile expires during the run (the expiry deadline would add its own events). */
    private static final Duration PROFILE_VALIDITY = Duration.ofHours(6);

    private EnrollmentScenario() {
    }

    public static void run(BenchContext context) throws Exception {
        Services services = context.services();
        int devices = context.config().devices();
        int concurrency = context.config().concurrency();
        String size = devices + " devices";
        BenchTenant tenant = BenchTenant.create(services, "bench-enroll");
        tenant.settings(services, true, PROFILE_VALIDITY);
        tenant.installPushCertificate(services);
        context.memory().begin();

        int warmUp = context.config().enrollmentWarmUp();
        List<SimulatedDevice> all = EnrolledDevices.users(NAME, services, tenant, 0, warmUp + devices,
                concurrency);
        List<SimulatedDevice> warmUpDevices = all.subList(0, warmUp);
        List<SimulatedDevice> simulated = all.subList(warmUp, all.size());

        FlowContext flowContext = new FlowContext(services, tenant, OpenApiPaths.of(services, services.command()));
        List<FlowStep> steps = new ArrayList<>();
        for (FlowStep step : EnrollmentFlow.steps()) {
            String unavailable = step.unavailableBecause(flowContext);
            if (unavailable == null) {
                steps.add(step);
            } else {
                context.results().add(Result.notMeasured(NAME, size, "p50/p99 ms: " + step.name(), unavailable));
            }
        }
        Map<FlowStep, Latencies> latencies = new LinkedHashMap<>();
        Map<FlowStep, AtomicLong> failures = new LinkedHashMap<>();
        steps.forEach(step -> {
            latencies.put(step, new Latencies());
            failures.put(step, new AtomicLong());
        });

        if (warmUp > 0) {
            try (Progress progress = Progress.start("enrollment warm-up flows (untimed)", "flows", warmUp)) {
                Exception failure = Parallel.run(warmUp, concurrency, progress, i -> {
                    for (FlowStep step : steps) {
                        step.run(warmUpDevices.get(i));
                    }
                });
                if (failure != null) {
                    throw new IllegalStateException("a warm-up flow failed", failure);
                }
            }
        }

        double cpuBefore = MemorySampler.cpuSeconds(services.commandSide());
        long commandsBefore = services.commandsHandled();
        long eventsBefore = context.database().eventCount();
        double seconds;
        Exception firstFailure;
        try (Progress progress = Progress.start("enrollment flows (" + String.join(", ",
                steps.stream().map(FlowStep::name).toList()) + ")", "flows", devices)) {
            long started = System.nanoTime();
            firstFailure = Parallel.run(devices, concurrency, progress, i -> {
                SimulatedDevice device = simulated.get(i);
                for (FlowStep step : steps) {
                    try {
                        latencies.get(step).time(() -> {
                            step.run(device);
                            return null;
                        });
                    } catch (Exception | Error e) {
                        failures.get(step).incrementAndGet();
                        throw e;
                    }
                }
            });
            seconds = (System.nanoTime() - started) / 1e9;
        }
        double cpu = MemorySampler.cpuSeconds(services.commandSide()) - cpuBefore;
        long commands = services.commandsHandled() - commandsBefore;
        long events = context.database().eventCount() - eventsBefore;
        MemoryReport.add(context, NAME, size, context.memory().end());

        long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
        String errors = failed == 0 ? "" : failed + " flows failed, first: " + firstFailure.getMessage();
        CommitBaseline.Figures baseline = CommitBaseline.run(context.database(), Math.max(commands, devices),
                concurrency);

        double commandsPerSecond = commands / seconds;
        context.results().add(Result.info(NAME, size, "flows/s (concurrency " + concurrency + ")",
                (devices - failed) / seconds, errors));
        context.results().add(Result.compared(NAME, size, "commands/s", commandsPerSecond,
                "JDBC 1-row INSERT commits/s", baseline.commitsPerSecond(),
                commandsPerSecond / baseline.commitsPerSecond(), Target.atLeast(0.6),
                commands + " commands in " + String.format("%.1f", seconds) + " s"));
        context.results().add(Result.info(NAME, size, "events/s", events / seconds, events + " events"));
        context.results().add(Result.info(NAME, size, "command-side CPU ms per flow", cpu * 1000 / devices,
                String.format("%.1f CPU s over %.1f s", cpu, seconds)));
        for (FlowStep step : steps) {
            Latencies l = latencies.get(step);
            context.results().add(Result.compared(NAME, size, "p50 ms: " + step.name(), l.p50(),
                    "JDBC commit p50 ms", baseline.latencies().p50(), Double.NaN, null,
                    failures.get(step).get() == 0 ? "" : failures.get(step).get() + " failed"));
            context.results().add(Result.compared(NAME, size, "p99 ms: " + step.name(), l.p99(),
                    "JDBC commit p99 ms", baseline.latencies().p99(), Double.NaN, null, ""));
        }
    }
}
