package org.mdmenroll.command.nudge;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.support.testing.apple.MockApns;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.testing.TestPostgres;
import org.mdmenroll.support.testing.apple.AppPushTestKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrollment nudges end to end: the tenant's app push settings through REST, an enrollment app
 * that starts enrolling with an APNs token, and Pushy's MockApnsServer checking the provider tokens
 * signed with the tenant's .p8 key (EC P-256, made here). A device that downloads its profile and
 * never installs it is nudged at the tenant's interval until the limit; one that enrolls is not
 * nudged after; a token APNs no longer knows ends the nudges. The persistent deadlines are made due
 * instead of waiting a minute each, after checking they were scheduled one interval apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
// Closed after the class: its own database, pool and scheduler serve no other test.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EnrollmentNudgeIntegrationTest extends CommandSideRestTest {

    static final String KEY_ID = "NUDGE12345";
    static final String TEAM_ID = "TEAM123456";
    static final String TOPIC = "org.mdmenroll.enroll";
    static final KeyPair P8 = AppPushTestKeys.ecKeyPair("secp256r1");
    /** Device tokens the mock APNs knows for the app's topic. */
    static final List<String> KNOWN_TOKENS = List.of(hexToken(), hexToken(), hexToken(), hexToken());
    /** A token APNs answers Unregistered for (the app was removed). */
    static final String UNREGISTERED_TOKEN = hexToken();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();
    private static final MockApns APNS = MockApns.startWithTokenAuth(validatingFactory());

    /** The mock checks the signed provider token, the topic and the device token, as APNs does. */
    static ValidatingPushNotificationHandlerFactory validatingFactory() {
        try {
            ApnsVerificationKey verificationKey = new ApnsVerificationKey(KEY_ID, TEAM_ID, (ECPublicKey) P8.getPublic());
            return new ValidatingPushNotificationHandlerFactory(Map.of(TOPIC, Set.copyOf(KNOWN_TOKENS)),
                    Map.of(UNREGISTERED_TOKEN, Instant.now().minus(Duration.ofDays(1))),
                    Map.of(KEY_ID, verificationKey), Map.of(verificationKey, Set.of(TOPIC)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hexToken() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    /** Its own database: no other test's Spring context may run these deadlines. */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.registerSeparate(registry, DATABASE);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 8);
        registry.add("mdm.app-push.apns.host", () -> "localhost");
        registry.add("mdm.app-push.apns.port", APNS::port);
        registry.add("mdm.app-push.apns.trusted-server-certificate", APNS::serverCertificatePem);
    }

    @AfterAll
    static void stop() {
        APNS.close();
    }

    @Autowired
    DeviceEnrollments enrollments;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
        // Apple enrollment profiles name the tenant's MDM push topic.
        uploadPushCertificate(acme);
        uploadPushCertificate(globex);
    }

    @Test
    void theTestRunsOnItsOwnDatabase() {
        assertThat(DATABASE.url()).endsWith("/" + jdbc.sql("select current_database()").query(String.class).single());
    }

    @Test
    void aDeviceThatDownloadsButNeverInstallsIsNudgedAtTheIntervalUntilTheLimit() throws Exception {
        configure(acme, "PT1M", 3);
        String token = KNOWN_TOKENS.get(0);
        String device = startWithProfile(acme, token);

        Instant previous = Instant.now();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Instant due = scheduledNudge(device);
            assertThat(Duration.between(previous, due)).as("nudge %d is due one interval later", attempt)
                    .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(70));
            makeDue(device);
            int expected = attempt;
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> nudgesTo(token).size() == expected);
            previous = Instant.now();
            MockApns.Received nudge = nudgesTo(token).get(attempt - 1);
            assertThat(nudge.headers()).containsEntry("apns-topic", TOPIC).containsEntry("apns-push-type", "alert");
            JsonNode payload = JSON.readTree(nudge.payload());
            assertThat(payload.path("aps").path("alert").path("title").asText()).isEqualTo("Finish enrolling your device");
            assertThat(payload.path("deviceId").asText()).isEqualTo(device);
            assertThat(payload.path("attempt").asInt()).isEqualTo(attempt);
            awaitEvents(device, "EnrollmentNudgeSent", attempt);
        }
        awaitEvents(device, "EnrollmentNudgesStopped", 1);
        assertThat(payloads(device, "EnrollmentNudgeSent")).extracting(p -> p.path("attempt").asInt())
                .containsExactly(1, 2, 3);
        assertThat(payloads(device, "EnrollmentNudgeSent")).extracting(p -> p.path("channel").asText())
                .containsOnly("APNS");
        JsonNode stopped = payloads(device, "EnrollmentNudgesStopped").get(0);
        assertThat(stopped.path("reason").asText()).isEqualTo("MAX_COUNT");
        assertThat(stopped.path("nudgesSent").asInt()).isEqualTo(3);
        assertThat(events(device)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded",
                "EnrollmentNudgeSent", "EnrollmentNudgeSent", "EnrollmentNudgeSent", "EnrollmentNudgesStopped");

        // Nothing is left to fire, and nothing more arrives.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deadlinesOf(device) == 0);
        Thread.sleep(3_000);
        assertThat(nudgesTo(token)).hasSize(3);
        assertThat(storedPayloads(device)).doesNotContain(token);
    }

    @Test
    void aDeviceThatEnrollsReceivesNoNudgeAfter() throws Exception {
        configure(acme, "PT1M", 5);
        String token = KNOWN_TOKENS.get(1);
        String device = startWithProfile(acme, token);
        makeDue(device);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> nudgesTo(token).size() == 1);
        awaitEvents(device, "EnrollmentNudgeSent", 1);
        awaitNextNudgeScheduled(device);

        enrollments.enroll(DeviceId.of(device), null, "com.apple.mgmt.External.test");

        assertThat(events(device)).endsWith("EnrollmentNudgeSent", "DeviceEnrolled", "EnrollmentNudgesStopped");
        assertThat(payloads(device, "EnrollmentNudgesStopped").get(0).path("reason").asText()).isEqualTo("ENROLLED");
        assertThat(sagasOf(device)).isZero();
        // The next nudge's deadline was left to fire into the ended saga: it sends and records nothing.
        assertThat(makeDue(device)).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deadlinesOf(device) == 0);
        Thread.sleep(2_000);
        assertThat(nudgesTo(token)).hasSize(1);
        assertThat(events(device)).endsWith("DeviceEnrolled", "EnrollmentNudgesStopped");
    }

    @Test
    void aDeviceThatEnrollsBeforeTheFirstNudgeIsNeverNudged() throws Exception {
        configure(acme, "PT1M", 5);
        String token = KNOWN_TOKENS.get(2);
        String device = startWithProfile(acme, token);

        enrollments.enroll(DeviceId.of(device), null, "com.apple.mgmt.External.test");

        assertThat(events(device)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded", "DeviceEnrolled");
        assertThat(sagasOf(device)).isZero();
        assertThat(makeDue(device)).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deadlinesOf(device) == 0);
        Thread.sleep(2_000);
        assertThat(nudgesTo(token)).isEmpty();
        assertThat(events(device)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded", "DeviceEnrolled");
    }

    @Test
    void aTokenApnsNoLongerKnowsEndsTheNudgesAndIsNotNudgedAgain() {
        configure(globex, "PT1M", 5);
        String device = startWithProfile(globex, UNREGISTERED_TOKEN);
        makeDue(device);

        awaitEvents(device, "EnrollmentNudgesStopped", 1);
        JsonNode stopped = payloads(device, "EnrollmentNudgesStopped").get(0);
        assertThat(stopped.path("reason").asText()).isEqualTo("INVALID_TOKEN");
        assertThat(stopped.path("detail").asText()).isEqualTo("Unregistered");
        assertThat(stopped.path("nudgesSent").asInt()).isZero();
        assertThat(APNS.rejected()).extracting(MockApns.Rejected::deviceToken).contains(UNREGISTERED_TOKEN);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deadlinesOf(device) == 0);
        assertThat(jdbc.sql("select invalid from command_side.enrollment_push_channel where device_id = ?::uuid")
                .param(device).query(Boolean.class).single()).as("the token is not nudged again").isTrue();
    }

    @Test
    void badAppPushSettingsAreProblemsAndStoreNothing() {
        long before = eventCount();
        String p8 = AppPushTestKeys.pkcs8Pem(P8.getPrivate());
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/apns",
                apnsBody(KEY_ID, TEAM_ID, TOPIC, "SANDBOX", "-----BEGIN PRIVATE KEY-----\\nbm9wZQ==\\n-----END PRIVATE KEY-----")),
                400, "invalid-apns-signing-key");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/apns",
                apnsBody(KEY_ID, TEAM_ID, TOPIC, "SANDBOX", AppPushTestKeys.pkcs8Pem(AppPushTestKeys.rsaKeyPair().getPrivate()))),
                400, "invalid-apns-signing-key");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/apns",
                apnsBody("short", TEAM_ID, TOPIC, "SANDBOX", p8)), 400, "invalid-app-push-settings");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/apns",
                apnsBody(KEY_ID, TEAM_ID, TOPIC, "STAGING", p8)), 400, "malformed-request");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/apns",
                "{\"keyId\":\"" + KEY_ID + "\",\"teamId\":\"" + TEAM_ID + "\",\"topic\":\"" + TOPIC + "\"}"),
                400, "invalid-request");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/fcm",
                "{\"serviceAccount\":\"{not json\"}"), 400, "invalid-fcm-service-account");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/fcm",
                "{\"serviceAccount\":{\"type\":\"authorized_user\"}}"), 400, "invalid-fcm-service-account");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/fcm",
                "{\"serviceAccount\":42}"), 400, "invalid-fcm-service-account");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/app-push/fcm", "{}"), 400, "invalid-request");
        assertProblem(exchange(basic("test-operator", "test-operator-password"), HttpMethod.PUT,
                "/api/settings/app-push/apns", apnsBody(KEY_ID, TEAM_ID, TOPIC, "SANDBOX", p8)), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(admin(acme, HttpMethod.GET, "/api/settings/app-push", null).getBody().isEmpty()).isTrue();
    }

    @Test
    void settingsAreAnsweredWithoutTheirSecretsAndStoredOnlySealed() throws Exception {
        String p8 = AppPushTestKeys.pkcs8Pem(P8.getPrivate());
        ResponseEntity<JsonNode> apns = admin(acme, HttpMethod.PUT, "/api/settings/app-push/apns",
                apnsBody(KEY_ID, TEAM_ID, TOPIC, "PRODUCTION", p8));
        assertThat(apns.getStatusCode().value()).as(String.valueOf(apns.getBody())).isEqualTo(200);
        assertThat(apns.getBody().toString()).doesNotContain("PRIVATE KEY");
        String account = AppPushTestKeys.serviceAccountJson("acme-enroll", AppPushTestKeys.rsaKeyPair().getPrivate(),
                "https://oauth2.googleapis.com/token");
        ResponseEntity<JsonNode> fcm = admin(acme, HttpMethod.PUT, "/api/settings/app-push/fcm",
                "{\"serviceAccount\":" + account + "}");
        assertThat(fcm.getStatusCode().value()).as(String.valueOf(fcm.getBody())).isEqualTo(200);
        assertThat(fcm.getBody().path("projectId").asText()).isEqualTo("acme-enroll");

        JsonNode configured = admin(acme, HttpMethod.GET, "/api/settings/app-push", null).getBody();
        assertThat(configured.path("apns").path("keyId").asText()).isEqualTo(KEY_ID);
        assertThat(configured.path("apns").path("environment").asText()).isEqualTo("PRODUCTION");
        assertThat(configured.path("fcm").path("clientEmail").asText()).endsWith("@acme-enroll.iam.gserviceaccount.com");
        assertThat(configured.toString()).doesNotContain("PRIVATE KEY").doesNotContain("private_key");
        assertThat(admin(globex, HttpMethod.GET, "/api/settings/app-push", null).getBody().isEmpty())
                .as("another tenant's settings are its own").isTrue();

        String stored = String.join("\n", jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                + " where payloadtype like '%AppPushConfigured'").query(String.class).list());
        assertThat(stored).contains(KEY_ID).doesNotContain("PRIVATE KEY").doesNotContain("private_key");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The tenant's settings: a profile valid a day, the given interval and count, and the app's APNs key. */
    private void configure(String tenant, String interval, int maxCount) {
        ResponseEntity<JsonNode> settings = admin(tenant, HttpMethod.PUT, "/api/settings/enrollment", """
                {"requirePin":false,"pinLength":6,"pinTtl":"PT1H","maxPinAttempts":5,"profileValidity":"PT24H",
                 "nudgeInterval":"%s","nudgeMaxCount":%d}""".formatted(interval, maxCount));
        assertThat(settings.getStatusCode().value()).as(String.valueOf(settings.getBody())).isEqualTo(200);
        ResponseEntity<JsonNode> apns = admin(tenant, HttpMethod.PUT, "/api/settings/app-push/apns",
                apnsBody(KEY_ID.toLowerCase(), TEAM_ID, TOPIC, "SANDBOX", AppPushTestKeys.pkcs8Pem(P8.getPrivate())));
        assertThat(apns.getStatusCode().value()).as(String.valueOf(apns.getBody())).isEqualTo(200);
    }

    private static String apnsBody(String keyId, String teamId, String topic, String environment, String key) {
        return "{\"keyId\":\"" + keyId + "\",\"teamId\":\"" + teamId + "\",\"topic\":\"" + topic
                + "\",\"environment\":\"" + environment + "\",\"signingKey\":\"" + key.replace("\n", "\\n") + "\"}";
    }

    /** The enrollment app starts enrolling an iPhone with its APNs token and downloads the profile. */
    private String startWithProfile(String tenant, String apnsToken) {
        String email = "pat-" + UUID.randomUUID().toString().substring(0, 6) + "@" + tenant + ".example.com";
        createUser(tenant, email, "pats-password-1");
        String session = anonymous(HttpMethod.POST, "/t/" + tenant + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"pats-password-1\"}").getBody().path("sessionToken").asText();
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(session);
        bearer.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> started = rest.exchange("/t/" + tenant + "/enrollments", HttpMethod.POST,
                new HttpEntity<>("{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\","
                        + "\"pushChannel\":{\"type\":\"APNS\",\"token\":\"" + apnsToken + "\"}}", bearer), JsonNode.class);
        assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(201);
        String device = started.getBody().path("deviceId").asText();
        ResponseEntity<byte[]> profile = rest.exchange("/t/" + tenant + "/enrollments/" + device + "/profile",
                HttpMethod.GET, new HttpEntity<>(bearer), byte[].class);
        assertThat(profile.getStatusCode().value()).isEqualTo(200);
        return device;
    }

    private List<MockApns.Received> nudgesTo(String token) {
        return APNS.received().stream().filter(received -> received.deviceToken().equals(token)).toList();
    }

    /** When the device's one pending nudge deadline is due. */
    private Instant scheduledNudge(String device) {
        awaitNextNudgeScheduled(device);
        return jdbc.sql("select execution_time from command_side.scheduled_tasks where " + NUDGE_OF_DEVICE)
                .param(device).query(java.sql.Timestamp.class).single().toInstant();
    }

    /** A nudge deadline's payload names the device and the series (the profile expiry names the device too). */
    private static final String NUDGE_OF_DEVICE =
            "position(convert_to('{\"deviceId\":\"' || ? || '\",\"series\":', 'UTF8') in task_data) > 0";

    /** Exactly one deadline of the device waits (the one that fired is gone, the next is there). */
    private void awaitNextNudgeScheduled(String device) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "select count(*) filter (where not picked), count(*) from command_side.scheduled_tasks"
                                + " where " + NUDGE_OF_DEVICE)
                .param(device).query((rs, row) -> rs.getInt(1) == 1 && rs.getInt(2) == 1).single());
    }

    /** The deadline is a row of db-scheduler's table; make it due instead of waiting the interval. */
    private int makeDue(String device) {
        return jdbc.sql("update command_side.scheduled_tasks set execution_time = now() where not picked and "
                + NUDGE_OF_DEVICE).param(device).update();
    }

    private int deadlinesOf(String device) {
        return jdbc.sql("select count(*) from command_side.scheduled_tasks where " + NUDGE_OF_DEVICE)
                .param(device).query(Integer.class).single();
    }

    private int sagasOf(String device) {
        return jdbc.sql("select count(*) from command_side.associationvalueentry where associationvalue = ?")
                .param(device).query(Integer.class).single();
    }

    private void awaitEvents(String device, String type, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> events(device).stream().filter(type::equals).count() == count);
    }

    private List<JsonNode> payloads(String device, String type) {
        return jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like ? order by sequencenumber")
                .params(device, "%." + type).query(String.class).list().stream().map(json -> {
                    try {
                        return JSON.readTree(json);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }
}
