package org.mdmenroll.bench;

import org.mdmenroll.support.testing.Http;
import org.mdmenroll.support.testing.ServiceProcess;
import org.mdmenroll.support.testing.TestPostgres;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Both packaged services as real processes on the run's database, with the readings the scenarios
 * need; the command side's MDM pushes go to a local mock APNs ({@link MdmApns}).
 */
public final class Services implements AutoCloseable {

    public static final String OPERATOR_USER = "bench-operator";
    public static final String OPERATOR_PASSWORD = "bench-operator-password-1";

    private final ServiceProcess commandSide;
    private final ServiceProcess querySide;
    private final MdmApns mdmApns = new MdmApns();
    private final Http http = new Http();

    /** {@code extraEnvironment}: what a scenario needs set at start (e.g. where APNs is). */
    public Services(BenchConfig config, BenchDatabase database, Map<String, String> extraEnvironment) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL", database.url(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password(),
                "MDM_OPERATOR_USER", OPERATOR_USER,
                "MDM_OPERATOR_PASSWORD", OPERATOR_PASSWORD,
                "MDM_SECRETS_KEY", TestPostgres.TEST_SECRETS_KEY,
                // /actuator/metrics (authenticated) for the heap readings: far cheaper for the service than
                // rendering the whole Prometheus text (2 MB, ~0.3 s of CPU on the command side) twice a second
                "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,info,prometheus,metrics"));
        environment.putAll(mdmApns.environment());
        environment.putAll(extraEnvironment);
        List<String> jvm = List.of("-Xmx" + config.serviceHeap());
        // e.g. -Dbench.service.jvm-options="-XX:StartFlightRecording=filename=benchmarks/target/{name}.jfr"
        // to profile the services during a run; {name} becomes command-side or query-side.
        String extra = System.getProperty("bench.service.jvm-options", "").strip();
        this.commandSide = new ServiceProcess("command-side", config.commandSideJar(), environment,
                withOptions(jvm, extra, "command-side"), config.output());
        this.querySide = new ServiceProcess("query-side", config.querySideJar(), environment,
                withOptions(jvm, extra, "query-side"), config.output());
    }

    private static List<String> withOptions(List<String> jvm, String extra, String name) {
        List<String> options = new java.util.ArrayList<>(jvm);
        if (!extra.isEmpty()) {
            for (String option : extra.split("\\s+")) {
                options.add(option.replace("{name}", name));
            }
        }
        return options;
    }

    public void start() throws IOException, InterruptedException {
        Progress.say("starting the command side (log: " + commandSide.log() + ")");
        commandSide.start();
        startQuerySide();
    }

    public void startQuerySide() throws IOException, InterruptedException {
        Progress.say("starting the query side (log: " + querySide.log() + ")");
        querySide.start();
    }

    public void stopQuerySide() throws InterruptedException {
        Progress.say("stopping the query side");
        querySide.stop();
    }

    public ServiceProcess commandSide() {
        return commandSide;
    }

    public ServiceProcess querySide() {
        return querySide;
    }

    public String command() {
        return commandSide.baseUrl();
    }

    public String query() {
        return querySide.baseUrl();
    }

    public Http http() {
        return http;
    }

    /** Where the command side's MDM pushes go, and the CA that issues the tenants' push certificates. */
    public MdmApns mdmApns() {
        return mdmApns;
    }

    public String operator() {
        return Http.basic(OPERATOR_USER, OPERATOR_PASSWORD);
    }

    /** Commands the command side handled so far (Axon's command bus timer, every payload type). */
    public long commandsHandled() throws IOException, InterruptedException {
        return Math.round(sum(commandSide, line -> line.startsWith("commandBus_allTimer_seconds_count")));
    }

    /** The service's heap in use right now, in bytes ({@code /actuator/metrics/jvm.memory.used}, area heap). */
    public double heapUsed(ServiceProcess service) throws IOException, InterruptedException {
        Http.Response heap = http.get(service.baseUrl() + "/actuator/metrics/jvm.memory.used?tag=area:heap", operator());
        if (heap.status() != 200) {
            throw new IOException(service.name() + " heap metric answered " + heap.status());
        }
        return heap.body().path("measurements").path(0).path("value").asDouble();
    }

    private double sum(ServiceProcess service, Predicate<String> lines) throws IOException, InterruptedException {
        Http.Response metrics = http.get(service.baseUrl() + "/actuator/prometheus", null);
        if (metrics.status() != 200) {
            throw new IOException(service.name() + " metrics answered " + metrics.status());
        }
        double total = 0;
        for (String line : new String(metrics.bytes()).split("\n")) {
            if (lines.test(line)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        querySide.stop();
        commandSide.stop();
        mdmApns.close();
    }
}
