package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ADE sync schedule on a real PostgreSQL with Apple's device assignment service as a local
 * server, every two seconds: a token is fetched, then synced as devices are added, modified and
 * removed in Apple Business Manager; new devices get the token's default profile; an expired token
 * is recorded once and skipped (nothing sent to Apple) until it is renewed, then synced again.
 * Its own database: no other test's scheduler may run these syncs, nor this one theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.ade.sync-interval=PT2S", "mdm.ade.first-sync-delay=PT2S", "db-scheduler.polling-interval=500ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AdeSyncScheduleIntegrationTest extends CommandSideRestTest {

    private static final ServerToken SAMPLE_ADE_TOKEN = new ServerToken(
            "CK_48dd68d198350f51258e885ce9c5c37ab7f98543c4a697323d75682a6c10a32501cb2cd6ebc7ba7bd5f9ab4a1a8da6a",
            "CS_clear-consumer-secret", "AT_clear-access-token", "AS_clear-access-secret");
    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();
    private static final FakeDeviceAssignmentService ADE = fake();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void ownDatabaseAndApple(DynamicPropertyRegistry registry) {
        TestPostgres.registerSeparate(registry, DATABASE);
        registry.add("mdm.apple.device-assignment.base-url", ADE::baseUrl);
    }

    @AfterAll
    static void stopApple() {
        ADE.close();
    }

    @Test
    void theScheduleFetchesThenSyncsAssignsTheDefaultSkipsAnExpiredTokenAndResumesAfterRenewal() {
        createTenantsWithAdmins();
        ADE.knowing(SAMPLE_ADE_TOKEN).withDevices("C02AAA111", "C02AAA222", "C02AAA333");
        String pem = adminText(acme, "/api/apple/ade/public-key");
        Instant expiry = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = upload("/api/apple/ade/tokens", AppleTokenSamples.p7m(pem, expiry),
                Map.of("appleId", "mdm@acme.example.com")).path("tokenId").asText();
        String ade = "/api/apple/ade/tokens/" + tokenId;
        badProfileInputIsAProblemAndRecordsNothing(ade, tokenId);

        ResponseEntity<JsonNode> defined = admin(acme, HttpMethod.POST, ade + "/profiles", """
                {"profileName": "Acme ADE", "supervised": true, "mandatory": true, "awaitDeviceConfigured": true,
                 "skipSetupItems": ["Siri"], "supportEmailAddress": "it@acme.example.com", "language": "en",
                 "region": "US", "userAuthentication": true}""");
        assertThat(defined.getStatusCode().value()).as(String.valueOf(defined.getBody())).isEqualTo(201);
        String profileUuid = defined.getBody().path("profileUuid").asText();
        JsonNode sentToApple = ADE.profiles.get(ADE.profiles.size() - 1);
        String base = "https://" + acme + ".mdm.example.com/t/" + acme;
        assertThat(sentToApple.path("url").asText()).isEqualTo(base + "/ade/enroll");
        assertThat(sentToApple.path("configuration_web_url").asText()).isEqualTo(base + "/ade/sign-in");
        assertThat(sentToApple.path("await_device_configured").asBoolean()).isTrue();
        ResponseEntity<JsonNode> madeDefault = admin(acme, HttpMethod.PUT, ade + "/default-profile",
                "{\"profileUuid\": \"" + profileUuid + "\"}");
        assertThat(madeDefault.getStatusCode().value()).as(String.valueOf(madeDefault.getBody())).isEqualTo(200);

        // Fetched in full by the schedule, then synced since Apple's cursor.
        await().untilAsserted(() -> assertThat(payloads(tokenId, "AdeDevicesSynced")).isNotEmpty());
        assertThat(payloads(tokenId, "AdeDevicesSynced").get(0).path("fullFetch").asBoolean()).isTrue();
        ADE.added("C02NEW001");
        await().untilAsserted(() -> assertThat(payloads(tokenId, "AdeProfileAssigned")).anySatisfy(assigned -> {
            assertThat(assigned.path("profileUuid").asText()).isEqualTo(profileUuid);
            assertThat(assigned.path("results").path("C02NEW001").asText()).isEqualTo("SUCCESS");
        }));
        assertThat(ADE.profileOf("C02NEW001")).isEqualTo(profileUuid);

        ADE.modified("C02AAA222", "os", "iPadOS");
        ADE.removed("C02AAA333");
        await().untilAsserted(() -> assertThat(syncedDevices(tokenId)).anySatisfy(device -> {
            assertThat(device.path("serialNumber").asText()).isEqualTo("C02AAA333");
            assertThat(device.path("opType").asText()).isEqualTo("deleted");
        }).anySatisfy(device -> {
            assertThat(device.path("serialNumber").asText()).isEqualTo("C02AAA222");
            assertThat(device.path("os").asText()).isEqualTo("iPadOS");
            assertThat(device.path("color").asText()).isEqualTo("SPACE GRAY");
            assertThat(device.path("deviceAssignedBy").asText()).isEqualTo("admin@acme.example.com");
        }));

        // Expired: recorded once, then skipped run after run without a word to Apple.
        expire(tokenId);
        await().untilAsserted(() -> assertThat(refusals(tokenId)).containsExactly("token-expired"));
        int callsToApple = ADE.received.size() + ADE.sessionCalls.size();
        Instant run = nextRun(tokenId);
        for (int runs = 0; runs < 2; runs++) {
            Instant before = run;
            await().untilAsserted(() -> assertThat(nextRun(tokenId)).isAfter(before));
            run = nextRun(tokenId);
        }
        assertThat(refusals(tokenId)).containsExactly("token-expired");
        assertThat(ADE.received.size() + ADE.sessionCalls.size()).as("nothing sent to Apple").isEqualTo(callsToApple);

        // Renewed: the schedule syncs again by itself.
        int syncsBefore = payloads(tokenId, "AdeDevicesSynced").size();
        upload(ade + "/renewal", AppleTokenSamples.p7m(pem, expiry.plus(Duration.ofDays(30))), Map.of());
        ADE.added("C02NEW002");
        await().untilAsserted(() -> assertThat(payloads(tokenId, "AdeDevicesSynced")).hasSizeGreaterThan(syncsBefore));
        await().untilAsserted(() -> assertThat(payloads(tokenId, "AdeProfileAssigned")).anySatisfy(assigned ->
                assertThat(assigned.path("results").path("C02NEW002").asText()).isEqualTo("SUCCESS")));
        assertThat(ADE.profileOf("C02NEW002")).isEqualTo(profileUuid);
        assertThat(storedPayloads(tokenId)).doesNotContain("AS_clear-access-secret").doesNotContain("CS_clear");
    }

    private void badProfileInputIsAProblemAndRecordsNothing(String ade, String tokenId) {
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profiles", "{\"profileName\": \"\"}"), 400, "invalid-profile");
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profiles",
                "{\"profileName\": \"Acme\", \"skipSetupItems\": [\"no such pane!\"]}"), 400, "invalid-profile");
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profiles",
                "{\"profileName\": \"Acme\", \"language\": \"english\"}"), 400, "invalid-profile");
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profiles", "{not json"), 400, "malformed-request");
        assertProblem(admin(globex, HttpMethod.POST, ade + "/profiles", "{\"profileName\": \"Acme\"}"), 404,
                "ade-token-not-found");
        assertProblem(admin(acme, HttpMethod.PUT, ade + "/default-profile", "{\"profileUuid\": \"NEVERDEFINED\"}"), 404,
                "ade-profile-not-found");
        assertProblem(admin(acme, HttpMethod.PUT, ade + "/default-profile", "{\"profileUuid\": \"no uuid!\"}"), 400,
                "invalid-profile");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/apple/ade/tokens/not-a-uuid/default-profile",
                "{\"profileUuid\": \"ABC\"}"), 404, "ade-token-not-found");
        // The schedule may have synced meanwhile; nothing else was recorded, nothing defined at Apple.
        assertThat(events(tokenId)).isSubsetOf("AdeTokenUploaded", "AdeDevicesSynced");
        assertThat(ADE.profiles).isEmpty();
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }

    /** When the token's scheduled sync is due next; it moves on after each run. */
    private Instant nextRun(String tokenId) {
        return jdbc.sql("select execution_time from command_side.scheduled_tasks where task_name = ? and task_instance = ?")
                .params(AdeSyncSchedule.TASK, tokenId).query(Timestamp.class).single().toInstant();
    }

    /** The expiry saga's persistent deadline for this token, made due instead of waiting a year. */
    private void expire(String credentialId) {
        String sagaId = jdbc.sql("select sagaid from command_side.associationvalueentry"
                        + " where associationkey = 'credentialId' and associationvalue = ?")
                .param(credentialId).query(String.class).single();
        int due = jdbc.sql("update command_side.scheduled_tasks set execution_time = now()"
                        + " where position(convert_to(?, 'UTF8') in task_data) > 0"
                        + " and position(convert_to('ExpiryDue', 'UTF8') in task_data) > 0")
                .param(sagaId).update();
        assertThat(due).isEqualTo(1);
    }

    private List<String> refusals(String tokenId) {
        return payloads(tokenId, "AdeTokenUseRefused").stream().filter(e -> e.path("operation").asText().equals("device-sync"))
                .map(e -> e.path("reason").asText()).toList();
    }

    private List<JsonNode> syncedDevices(String tokenId) {
        return payloads(tokenId, "AdeDevicesSynced").stream()
                .flatMap(synced -> java.util.stream.StreamSupport.stream(synced.path("devices").spliterator(), false))
                .toList();
    }

    private JsonNode upload(String path, byte[] token, Map<String, String> fields) {
        ResponseEntity<JsonNode> response = adminUpload(acme, path, "token", "token", token, fields);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
        return response.getBody();
    }

    private List<JsonNode> payloads(String aggregateId, String eventType) {
        return jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like ? order by sequencenumber")
                .params(aggregateId, "%." + eventType).query(String.class).list().stream()
                .map(AdeSyncScheduleIntegrationTest::json).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FakeDeviceAssignmentService fake() {
        try {
            return new FakeDeviceAssignmentService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
