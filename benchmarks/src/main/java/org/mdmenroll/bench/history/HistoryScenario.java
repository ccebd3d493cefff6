package org.mdmenroll.bench.history;

import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Latencies;
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
import java.util.List;

import static org.mdmenroll.bench.BenchTenant.expect;

/**
 * Scenario 4: one device's history ({@code GET /api/devices/{id}/history}) and its state as of a
 * moment ({@code ?asOf=}) in a small store (first, before the other scenarios grow it) and again
 * in a large one (after them, seeded up to the size). The device is enrolled through REST; the rest
 * of the store is seeded lives. Baseline: the event store's own query for one aggregate through
 * JDBC. Target: large / small at most 1.2, for p50 (the cost does not depend on the store's size).
 */
public final class HistoryScenario {

    private static final String NAME = "history";

    private final BenchContext context;
    private final List<Measured> measured = new ArrayList<>();
    private BenchTenant tenant;
    private String deviceId;
    private Instant asOf;

    private record Measured(long events, Latencies history, Latencies asOf, Latencies jdbc) {
    }

    public HistoryScenario(BenchContext context) {
        this.context = context;
    }

    /** Measures in the small store; call first. */
    public void small() throws Exception {
        enrollOneDevice();
        measureAt(context.config().historyEvents().get(0));
    }

    /** Measures in the large store; call last. */
    public void large() throws Exception {
        List<Long> sizes = context.config().historyEvents();
        measureAt(sizes.get(sizes.size() - 1));
        if (measured.size() < 2) {
            return;
        }
        Measured small = measured.get(0);
        Measured large = measured.get(measured.size() - 1);
        String sizes2 = small.events() + " -> " + large.events() + " events";
        ratio(sizes2, "history p50 large / small", large.history().p50() / small.history().p50());
        ratio(sizes2, "as-of p50 large / small", large.asOf().p50() / small.asOf().p50());
        ratio(sizes2, "JDBC p50 large / small (baseline)", large.jdbc().p50() / small.jdbc().p50());
    }

    private void ratio(String size, String metric, double value) {
        context.results().add(Result.compared(NAME, size, metric, value, "", Double.NaN, value, Target.atMost(1.2), ""));
    }

    private void enrollOneDevice() throws Exception {
        Services services = context.services();
        Http http = services.http();
        tenant = BenchTenant.create(services, "bench-history");
        tenant.installPushCertificate(services);
        String email = "history@" + tenant.slug() + ".example.com";
        expect(http.post(services.command() + "/api/users", tenant.admin(),
                "{\"email\":\"" + email + "\",\"displayName\":\"History\",\"password\":\"history-password-1\"}"),
                201, "create user");
        String session = Http.bearer(expect(http.post(services.command() + "/t/" + tenant.slug() + "/go/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"history-password-1\"}"), 200, "log in").text("sessionToken"));
        String enrollments = services.command() + "/t/" + tenant.slug() + "/enrollments";
        deviceId = expect(http.post(enrollments, session, "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\"}"),
                201, "start enrollment").text("deviceId");
        expect(http.get(enrollments + "/" + deviceId + "/profile", session), 200, "download profile");
        asOf = Instant.now();
        expect(http.post(enrollments + "/" + deviceId + "/cancel", session, ""), 204, "cancel");
    }

    private void measureAt(long size) throws Exception {
        long events = context.seeder().topUpTo(size);
        Services services = context.services();
        String url = services.query() + "/api/devices/" + deviceId + "/history";
        awaitHistory(url);
        int requests = context.config().historyRequests();
        Latencies history = new Latencies();
        Latencies past = new Latencies();
        Latencies jdbc = new Latencies();
        try (Progress progress = Progress.start("history and as-of of one device in " + events + " events",
                "requests", 3L * requests);
             Connection connection = context.database().connect();
             PreparedStatement read = connection.prepareStatement("""
                     select globalindex, eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,
                            payloadtype, payloadrevision, payload, metadata
                     from eventstore.domainevententry
                     where aggregateidentifier = ? and sequencenumber >= ? order by sequencenumber asc""")) {
            for (int round = -context.config().warmUp(); round < requests; round++) {
                boolean warmUp = round < 0;
                time(warmUp ? null : history, () -> expect(services.http().get(url, tenant.admin()), 200, "history"));
                time(warmUp ? null : past, () -> expect(services.http().get(url + "?asOf=" + asOf, tenant.admin()),
                        200, "as-of"));
                time(warmUp ? null : jdbc, () -> {
                    read.setString(1, deviceId);
                    read.setLong(2, 0);
                    try (ResultSet rs = read.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int c = 1; c <= columns; c++) {
                                rs.getObject(c);
                            }
                        }
                    }
                    return null;
                });
                progress.add(warmUp ? 0 : 3);
            }
        }
        measured.add(new Measured(events, history, past, jdbc));
        String label = events + " events";
        add(label, "history", history, jdbc);
        add(label, "as-of", past, jdbc);
    }

    private void add(String size, String kind, Latencies rest, Latencies jdbc) {
        context.results().add(Result.compared(NAME, size, "p50 ms: " + kind, rest.p50(), "JDBC p50 ms", jdbc.p50(),
                rest.p50() / jdbc.p50(), null, ""));
        context.results().add(Result.compared(NAME, size, "p99 ms: " + kind, rest.p99(), "JDBC p99 ms", jdbc.p99(),
                rest.p99() / jdbc.p99(), null, ""));
    }

    /** The query side was restarted by the seeding: wait until it answers for the device. */
    private void awaitHistory(String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (context.services().http().get(url, tenant.admin()).status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no history for " + deviceId);
            }
            Thread.sleep(200);
        }
    }

    private static void time(Latencies latencies, Latencies.Timed<?> call) throws Exception {
        if (latencies == null) {
            call.run();
        } else {
            latencies.time(call);
        }
    }
}
