package org.mdmenroll.bench.nudges;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.server.AcceptAllPushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Parallel;
import org.mdmenroll.bench.MemorySampler;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Result;
import org.mdmenroll.bench.Result.Target;
import org.mdmenroll.bench.Services;
import org.mdmenroll.support.testing.Http;
import org.mdmenroll.support.testing.apple.AppPushTestKeys;
import org.mdmenroll.support.testing.apple.MockApns;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.mdmenroll.bench.BenchTenant.expect;

/**
 * Scenario 5: K enrollment nudges through the saga (its db-scheduler deadline, the tenant's APNs
 * token-auth client, the recorded EnrollmentNudgeSent) into Pushy's MockApnsServer, against Pushy
 * sending the same K notifications directly to the same server. K devices start enrolling with an
 * APNs token in a tenant that nudges once an hour, once; then every pending nudge deadline is made
 * due at the same moment (as after the interval), and the clock runs until MockApnsServer has all K.
 * Target: at least 0.8 of the direct rate.
 */
public final class NudgeScenario {

    private static final String NAME = "nudges";
    private static final String KEY_ID = "BENCH12345";
    private static final String TEAM_ID = "BENCHTEAM1";
    private static final String TOPIC = "org.mdmenroll.bench.enroll";

    private final MockApns apns = MockApns.startWithTokenAuth(new AcceptAllPushNotificationHandlerFactory());
    private final KeyPair signingKey = AppPushTestKeys.ecKeyPair("secp256r1");

    /** Where the command side sends app pushes: this scenario's MockApnsServer (set before it starts). */
    public Map<String, String> environment() throws Exception {
        Map<String, Object> apnsSettings = Map.of("host", "localhost", "port", apns.port(),
                "trusted-server-certificate", apns.serverCertificatePem());
        return Map.of("SPRING_APPLICATION_JSON", new ObjectMapper().writeValueAsString(
                Map.of("mdm", Map.of("app-push", Map.of("apns", apnsSettings)))));
    }

    public void run(BenchContext context) throws Exception {
        Services services = context.services();
        int nudges = context.config().nudges();
        String size = nudges + " nudges";
        BenchTenant tenant = BenchTenant.create(services, "bench-nudges");
        tenant.settings(services, false, Duration.ofHours(6), Duration.ofHours(1), 1);
        expect(services.http().put(services.command() + "/api/settings/app-push/apns", tenant.admin(),
                new ObjectMapper().writeValueAsString(Map.of("keyId", KEY_ID, "teamId", TEAM_ID, "topic", TOPIC,
                        "environment", "PRODUCTION", "signingKey", AppPushTestKeys.pkcs8Pem(signingKey.getPrivate())))),
                200, "configure app pushes");
        startEnrollments(context, tenant, nudges);

        int before = apns.received().size();
        double cpuBefore = MemorySampler.cpuSeconds(services.commandSide());
        long started = System.nanoTime();
        int due = makeNudgesDue(context);
        try (Progress progress = Progress.start("nudges through the saga into MockApnsServer", "nudges", nudges)) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (apns.received().size() - before < nudges) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + (apns.received().size() - before) + " of " + nudges
                            + " nudges arrived in 30 minutes (" + due + " deadlines made due)");
                }
                progress.set(apns.received().size() - before);
                Thread.sleep(50);
            }
            progress.set(nudges);
        }
        double sagaSeconds = (System.nanoTime() - started) / 1e9;
        double cpu = MemorySampler.cpuSeconds(services.commandSide()) - cpuBefore;
        double direct = directRate(nudges);
        double sagaRate = nudges / sagaSeconds;
        context.results().add(Result.compared(NAME, size, "nudges/s through the saga", sagaRate,
                "Pushy direct nudges/s", direct, sagaRate / direct, Target.atLeast(0.8),
                String.format("%.1f s from due to the last one received; %d rejected", sagaSeconds,
                        apns.rejected().size())));
        context.results().add(Result.info(NAME, size, "command-side CPU ms per nudge", cpu * 1000 / nudges,
                String.format("%.1f CPU s over %.1f s", cpu, sagaSeconds)));
    }

    /** One user starts K enrollments from the app, each with its own APNs token: K sagas, each with a nudge due in an hour. */
    private static void startEnrollments(BenchContext context, BenchTenant tenant, int count) throws Exception {
        Services services = context.services();
        Http http = services.http();
        String email = "nudged@" + tenant.slug() + ".example.com";
        expect(http.post(services.command() + "/api/users", tenant.admin(),
                "{\"email\":\"" + email + "\",\"displayName\":\"Nudged\",\"password\":\"nudged-password-1\"}"), 201,
                "create user");
        String session = Http.bearer(expect(http.post(services.command() + "/t/" + tenant.slug() + "/go/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"nudged-password-1\"}"), 200, "log in").text("sessionToken"));
        try (Progress progress = Progress.start("nudges setup: enrollments with an APNs token", "enrollments", count)) {
            Exception failure = Parallel.run(count, context.config().concurrency(), progress, i ->
                    expect(http.post(services.command() + "/t/" + tenant.slug() + "/enrollments", session,
                            "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\",\"pushChannel\":"
                                    + "{\"type\":\"APNS\",\"token\":\"" + token() + "\"}}"), 201, "start enrollment"));
            if (failure != null) {
                throw new IllegalStateException("starting the enrollments failed", failure);
            }
        }
    }

    /** Every pending nudge deadline falls due now, as when the interval has passed. */
    private static int makeNudgesDue(BenchContext context) throws Exception {
        try (Connection connection = context.database().connect();
             PreparedStatement due = connection.prepareStatement("""
                     update command_side.scheduled_tasks set execution_time = now()
                     where position(convert_to('NudgeDue', 'UTF8') in task_data) > 0 and picked = false""")) {
            return due.executeUpdate();
        }
    }

    /** The baseline: Pushy sends the same number of alert pushes to the same server, all in flight at once. */
    private double directRate(int count) throws Exception {
        ApnsClient client = new ApnsClientBuilder()
                .setApnsServer("localhost", apns.port())
                .setTrustedServerCertificateChain(new ByteArrayInputStream(
                        apns.serverCertificatePem().getBytes(StandardCharsets.US_ASCII)))
                .setSigningKey(ApnsSigningKey.loadFromInputStream(new ByteArrayInputStream(AppPushTestKeys
                        .pkcs8Pem(signingKey.getPrivate()).getBytes(StandardCharsets.US_ASCII)), TEAM_ID, KEY_ID))
                .build();
        try (Progress progress = Progress.start("nudges baseline: Pushy direct", "pushes", count)) {
            client.sendNotification(notification(UUID.randomUUID(), 0)).get(30, TimeUnit.SECONDS);
            long started = System.nanoTime();
            List<CompletableFuture<PushNotificationResponse<SimpleApnsPushNotification>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(client.sendNotification(notification(UUID.randomUUID(), 1)));
            }
            for (CompletableFuture<PushNotificationResponse<SimpleApnsPushNotification>> future : sent) {
                if (!future.get(5, TimeUnit.MINUTES).isAccepted()) {
                    progress.error();
                }
                progress.increment();
            }
            return count / ((System.nanoTime() - started) / 1e9);
        } finally {
            client.close().get(30, TimeUnit.SECONDS);
        }
    }

    /** The saga's nudge as ApnsAppPush builds it. */
    private static SimpleApnsPushNotification notification(UUID deviceId, int attempt) {
        String payload = new SimpleApnsPayloadBuilder()
                .setAlertTitle("Finish enrolling your device")
                .setAlertBody("Open the enrollment app to complete enrollment.")
                .setSound("default")
                .addCustomProperty("type", "enrollment-nudge")
                .addCustomProperty("deviceId", deviceId.toString())
                .addCustomProperty("attempt", attempt)
                .build();
        return new SimpleApnsPushNotification(token(), TOPIC, payload, Instant.now().plus(Duration.ofHours(1)),
                DeliveryPriority.IMMEDIATE, PushType.ALERT);
    }

    private static String token() {
        byte[] token = new byte[32];
        ThreadLocalRandom.current().nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    public void close() {
        apns.close();
    }
}
