package org.mdmenroll.bench.connect;

import org.mdmenroll.bench.BenchConfig;
import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Latencies;
import org.mdmenroll.bench.MemorySampler;
import org.mdmenroll.bench.Parallel;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Result;
import org.mdmenroll.bench.Result.Target;
import org.mdmenroll.bench.Services;
import org.mdmenroll.bench.enrollment.EnrolledDevices;
import org.mdmenroll.bench.enrollment.SimulatedDevice;
import org.mdmenroll.bench.seed.ManagedDevices;
import org.mdmenroll.bench.seed.StoredEvent;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.mdmenroll.bench.BenchTenant.expect;

/**
 * Scenario 7: enrolled devices connecting to the MDM command channel for the first time, in a tenant
 * of 10,000 and then 100,000 enrolled devices ({@code bench.connect.devices}). At each size
 * {@code bench.connect.connecting} devices enroll through the whole flow (so each has its own
 * identity certificate from the tenant CA, and DeviceInformation and SecurityInfo queued); the rest
 * of the tenant is seeded ({@link ManagedDeviceSeeder}: events and lookup rows of devices that
 * connected before). Once the services are quiet, every new device connects, C at a time
 * ({@link DeviceConnect}: Idle, DeviceInformation acknowledged, SecurityInfo acknowledged, empty
 * answer). Against the same connects done raw ({@link ConnectBaseline}) on the same devices.
 * Targets: connects/s at least 0.5 of the baseline's; a flat cost from the smaller tenant to the
 * larger, the command side's CPU per connect at most 1.1 of the smaller's (wall-clock rates of two
 * runs minutes apart move with the shared machine's load; CPU time per connect does not).
 */
public final class ConnectScenario {

    private static final String NAME = "connect";
    private static final Duration PROFILE_VALIDITY = Duration.ofHours(6);
    /**
     * Connects per warm-up device, all but the last answered NotNow: a cold JIT (and its compiler
     * threads' CPU, which counts as the service's) made the first size's connects cost half again as
     * much as the second's with one connect per warm-up device.
     */
    private static final int WARM_UP_ROUNDS = 6;

    private ConnectScenario() {
    }

    /** What one size measured, for the growth figures. */
    private record Measured(long enrolled, double connectsPerSecond, double commandCpuPerConnect, double p50) {
    }

    public static void run(BenchContext context) throws Exception {
        BenchConfig config = context.config();
        Services services = context.services();
        BenchDatabase database = context.database();
        BenchTenant tenant = BenchTenant.create(services, "bench-connect");
        tenant.settings(services, true, PROFILE_VALIDITY);
        tenant.installPushCertificate(services);
        String topic = pushTopic(database, tenant);
        X509Certificate ca = tenantCa(services, tenant);
        ManagedDeviceSeeder seeder = new ManagedDeviceSeeder(database, context.seeder(), tenant, topic);

        List<Measured> measured = new ArrayList<>();
        int next = 0;
        for (long size : config.connectDevices()) {
            int warmUp = measured.isEmpty() ? config.connectWarmUp() : 0;
            int enrolling = warmUp + config.connecting();
            seeder.seed(size - enrolled(database, tenant) - enrolling);
            List<SimulatedDevice> devices = EnrolledDevices.enroll(NAME, services, tenant, next, enrolling,
                    config.concurrency());
            next += enrolling;
            Quiet.await(database, NAME + " setup");
            Progress.say(NAME + ": the mock APNs accepted " + services.mdmApns().received() + " MDM pushes so far");
            if (warmUp > 0) {
                warmUp(devices.subList(0, warmUp), config.concurrency());
                Quiet.await(database, NAME + " warm-up");
            }
            measured.add(measure(context, tenant, ca, devices.subList(warmUp, devices.size())));
        }
        if (measured.size() >= 2) {
            Measured small = measured.get(0);
            Measured large = measured.get(measured.size() - 1);
            String sizes = small.enrolled() + " -> " + large.enrolled() + " enrolled";
            double cpu = large.commandCpuPerConnect() / small.commandCpuPerConnect();
            context.results().add(Result.compared(NAME, sizes, "command-side CPU per connect large / small", cpu, "",
                    Double.NaN, cpu, Target.atMost(1.1), "1.0 = the same cost"));
            double rate = large.connectsPerSecond() / small.connectsPerSecond();
            context.results().add(Result.info(NAME, sizes, "connects/s large / small", rate,
                    "wall time: on a shared machine it moves with the load; the CPU above does not"));
            double p50 = large.p50() / small.p50();
            context.results().add(Result.info(NAME, sizes, "p50 of the Idle call large / small", p50, ""));
        }
    }

    /** What the timed connects of one size measured. */
    private record Run(int connected, long failed, double seconds, double commandCpu, double queryCpu,
                       double querySeconds, double harnessCpu, long events, TableWrites writes,
                       Map<String, Latencies> latencies) {
    }

    /** The timed connects of one size, then the baseline on the same devices. */
    private static Measured measure(BenchContext context, BenchTenant tenant, X509Certificate ca,
            List<SimulatedDevice> devices) throws Exception {
        BenchDatabase database = context.database();
        long enrolled = enrolled(database, tenant);
        String size = enrolled + " enrolled";
        SimulatedDevice sample = devices.get(0);
        long sampleSequence = lastSequence(database, sample.deviceId());
        Run run = connect(context, devices, "connects of " + devices.size() + " devices in a tenant of " + enrolled);

        List<StoredEvent> life = eventsAfter(database, (String) sample.attributes().get(EnrolledDevices.USER_ID), -1);
        life.addAll(eventsAfter(database, sample.deviceId(), -1));
        context.results().add(Result.info(NAME, size, "events of a connected device and its user", life.size(),
                "seeded devices have " + ManagedDevices.EVENTS_PER_DEVICE + "; this one's: " + life.stream()
                        .map(e -> e.payloadType().substring(e.payloadType().lastIndexOf('.') + 1)).toList()));
        List<List<StoredEvent>> calls = ConnectBaseline.byCall(eventsAfter(database, sample.deviceId(), sampleSequence));
        ConnectBaseline.Figures baseline = ConnectBaseline.run(database, devices, ca, tenant.tenantId(), enrolled,
                calls, context.config().concurrency());
        report(context, size, run, baseline, devices.size());
        return new Measured(enrolled, run.connected() / run.seconds(), run.commandCpu() * 1000 / run.connected(),
                run.latencies().get(DeviceConnect.CALLS.get(0)).p50());
    }

    /** Every device connects once, C at a time, timed; the query side's CPU counts until it has caught up. */
    private static Run connect(BenchContext context, List<SimulatedDevice> devices, String label) throws Exception {
        Services services = context.services();
        BenchDatabase database = context.database();
        TableWrites before = TableWrites.snapshot(database, "command_side", "eventstore");
        long eventsBefore = database.eventCount();
        double commandCpu = MemorySampler.cpuSeconds(services.commandSide());
        double queryCpu = MemorySampler.cpuSeconds(services.querySide());
        double harnessCpu = harnessCpuSeconds();
        DeviceConnect connects = new DeviceConnect();
        long started = System.nanoTime();
        long failed;
        try (Progress progress = Progress.start(label, "connects", devices.size())) {
            Exception failure = Parallel.run(devices.size(), context.config().concurrency(), progress,
                    i -> connects.run(devices.get(i), true));
            if (failure != null) {
                Progress.say(label + ": first failure: " + failure);
                if (progress.errors() == devices.size()) {
                    throw new IllegalStateException(label + " failed", failure);
                }
            }
            failed = progress.errors();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        commandCpu = MemorySampler.cpuSeconds(services.commandSide()) - commandCpu;
        harnessCpu = harnessCpuSeconds() - harnessCpu;
        long events = database.eventCount() - eventsBefore;
        Quiet.awaitQuerySide(database, Quiet.head(database), NAME + " query side");
        double querySeconds = (System.nanoTime() - started) / 1e9;
        queryCpu = MemorySampler.cpuSeconds(services.querySide()) - queryCpu;
        TableWrites writes = TableWrites.snapshot(database, "command_side", "eventstore").since(before);
        return new Run((int) (devices.size() - failed), failed, seconds, commandCpu, queryCpu, querySeconds,
                harnessCpu, events, writes, connects.latencies());
    }

    private static void report(BenchContext context, String size, Run run, ConnectBaseline.Figures baseline,
            int baselineConnects) {
        int concurrency = context.config().concurrency();
        int connected = run.connected();
        double rate = connected / run.seconds();
        context.results().add(Result.compared(NAME, size, "connects/s (concurrency " + concurrency + ")", rate,
                "JDBC connects/s (verify + rows)", baseline.connectsPerSecond(), rate / baseline.connectsPerSecond(),
                Target.atLeast(0.5), String.format("%d connects in %.1f s%s", connected, run.seconds(),
                        run.failed() == 0 ? "" : ", " + run.failed() + " failed")));
        context.results().add(Result.info(NAME, size, "command-side CPU ms per connect",
                run.commandCpu() * 1000 / connected, String.format("%.1f CPU s over %.1f s", run.commandCpu(),
                        run.seconds())));
        context.results().add(Result.info(NAME, size, "query-side CPU ms per connect", run.queryCpu() * 1000 / connected,
                String.format("%.1f CPU s until it caught up, %.1f s after the start", run.queryCpu(),
                        run.querySeconds())));
        context.results().add(Result.compared(NAME, size, "harness CPU ms per connect (devices signing)",
                run.harnessCpu() * 1000 / connected, "baseline harness CPU ms per connect",
                baseline.harnessCpuSeconds() * 1000 / baselineConnects, Double.NaN, null,
                "the baseline's includes its verifying and JDBC"));
        context.results().add(Result.compared(NAME, size, "rows written per connect",
                run.writes().total() / (double) connected, "baseline rows per connect",
                baseline.writes().total() / (double) baselineConnects, Double.NaN, null,
                "service: " + run.writes().describe(connected) + "; baseline: "
                        + baseline.writes().describe(baselineConnects) + "; " + run.events() + " events"));
        for (Map.Entry<String, Latencies> call : run.latencies().entrySet()) {
            Latencies raw = baseline.latencies().get(call.getKey());
            context.results().add(Result.compared(NAME, size, "p50 ms: " + call.getKey(), call.getValue().p50(),
                    "JDBC p50 ms", raw.p50(), Double.NaN, null, ""));
            context.results().add(Result.compared(NAME, size, "p99 ms: " + call.getKey(), call.getValue().p99(),
                    "JDBC p99 ms", raw.p99(), Double.NaN, null, ""));
        }
    }

    /** Warm-up devices connect untimed, a few times each ({@link DeviceConnect#warmUp}). */
    private static void warmUp(List<SimulatedDevice> devices, int concurrency) throws Exception {
        DeviceConnect connects = new DeviceConnect();
        try (Progress progress = Progress.start("connect warm-up (untimed, " + WARM_UP_ROUNDS + " connects each)",
                "devices", devices.size())) {
            Exception failure = Parallel.run(devices.size(), concurrency, progress,
                    i -> connects.warmUp(devices.get(i), WARM_UP_ROUNDS));
            if (failure != null) {
                throw new IllegalStateException("a warm-up connect failed", failure);
            }
        }
    }

    /** The tenant's entries active on the server: its enrolled devices, seeded or real. */
    private static long enrolled(BenchDatabase database, BenchTenant tenant) throws Exception {
        return database.queryLong("select count(*) from command_side.device_entry where tenant_id = ?"
                + " and status = 'ACTIVE'", tenant.tenantId());
    }

    /** The tenant's MDM push topic (its push certificate's UID, not a secret). */
    private static String pushTopic(BenchDatabase database, BenchTenant tenant) throws Exception {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement(
                     "select topic from command_side.push_certificate where tenant_id = ?")) {
            select.setObject(1, tenant.tenantId());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the tenant has no push certificate");
                }
                return rs.getString(1);
            }
        }
    }

    /** The tenant CA's certificate, as devices fetch it ({@code GetCACert}). */
    private static X509Certificate tenantCa(Services services, BenchTenant tenant) throws Exception {
        byte[] der = expect(services.http().get(services.command() + "/t/" + tenant.slug()
                + "/scep?operation=GetCACert", null), 200, "GetCACert").bytes();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static long lastSequence(BenchDatabase database, String deviceId) throws Exception {
        return database.queryLong("select max(sequencenumber) from eventstore.domainevententry"
                + " where aggregateidentifier = ?", deviceId);
    }

    /** The device's events after {@code sequence}, in order: what its connect wrote. */
    private static List<StoredEvent> eventsAfter(BenchDatabase database, String deviceId, long sequence)
            throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("""
                     select eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,
                            payload, metadata
                     from eventstore.domainevententry where aggregateidentifier = ? and sequencenumber > ?
                     order by sequencenumber""")) {
            select.setString(1, deviceId);
            select.setLong(2, sequence);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8)));
                }
            }
        }
        return events;
    }

    /** The harness's own CPU time so far, in seconds: the simulated devices' signing and the baseline's work. */
    static double harnessCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }
}
