package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADE device sync and profile assignment, VPP licence assignment and revocation through REST on a
 * real PostgreSQL, with Apple's services as local HTTP servers: they work, an expired token (the
 * expiry saga's persistent deadline made due) refuses each with a problem and records it without
 * calling Apple, and a renewal makes them work again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class AppleTokenUseIntegrationTest extends CommandSideRestTest {

    /** The credentials inside {@link AppleTokenSamples#adeMessage}. */
    private static final ServerToken SAMPLE_ADE_TOKEN = new ServerToken(
            "CK_48dd68d198350f51258e885ce9c5c37ab7f98543c4a697323d75682a6c10a32501cb2cd6ebc7ba7bd5f9ab4a1a8da6a",
            "CS_clear-consumer-secret", "AT_clear-access-token", "AS_clear-access-secret");
    private static final byte[] VPP_TOKEN = AppleTokenSamples.vppToken("clear-vpp-token", "2099-11-22T10:00:00+0000", "Acme");
    private static final byte[] RENEWED_VPP_TOKEN = AppleTokenSamples.vppToken("renewed-vpp-token", "2100-11-22T10:00:00+0000", "Acme");

    private static final FakeDeviceAssignmentService ADE = start(FakeDeviceAssignmentService::new);
    private static final FakeAppsAndBooksService APPS_AND_BOOKS = start(FakeAppsAndBooksService::new);

    @DynamicPropertySource
    static void apple(DynamicPropertyRegistry registry) {
        registry.add("mdm.apple.device-assignment.base-url", ADE::baseUrl);
        registry.add("mdm.apple.vpp.base-url", APPS_AND_BOOKS::baseUrl);
    }

    @AfterAll
    static void stopApple() {
        ADE.close();
        APPS_AND_BOOKS.close();
    }

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
        ADE.knowing(SAMPLE_ADE_TOKEN);
        APPS_AND_BOOKS.knowing(new String(VPP_TOKEN, StandardCharsets.US_ASCII))
                .knowing(new String(RENEWED_VPP_TOKEN, StandardCharsets.US_ASCII));
    }

    @Test
    void adeSyncAndProfileAssignmentWorkAreRefusedWhenTheTokenExpiredAndWorkAgainAfterRenewal() {
        ADE.withDevices("C02AAA111", "C02AAA222", "C02AAA333");
        String pem = publicKey();
        Instant expiry = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = upload("/api/apple/ade/tokens", AppleTokenSamples.p7m(pem, expiry),
                Map.of("appleId", "mdm@acme.example.com")).path("tokenId").asText();
        String ade = "/api/apple/ade/tokens/" + tokenId;

        ResponseEntity<JsonNode> first = admin(acme, HttpMethod.POST, ade + "/sync", null);
        assertThat(first.getStatusCode().value()).as(String.valueOf(first.getBody())).isEqualTo(200);
        assertThat(first.getBody().path("fullFetch").asBoolean()).isTrue();
        assertThat(first.getBody().path("added").asInt()).isEqualTo(3);

        ADE.changed("C02AAA444", "added");
        ADE.changed("C02AAA111", "modified");
        JsonNode second = admin(acme, HttpMethod.POST, ade + "/sync", null).getBody();
        assertThat(second.path("fullFetch").asBoolean()).isFalse();
        assertThat(second.path("added").asInt()).isEqualTo(1);
        assertThat(second.path("modified").asInt()).isEqualTo(1);
        assertThat(ADE.received.get(ADE.received.size() - 1).body().path("cursor").asText())
                .as("the cursor of the first sync was kept").isEqualTo("fetch-3");

        ResponseEntity<JsonNode> assigned = admin(acme, HttpMethod.POST, ade + "/profile-assignments", """
                {"serialNumbers": ["C02AAA111", "c02zzz999"],
                 "profile": {"profileName": "Acme ADE", "url": "https://acme.example.com/ade", "supervised": true,
                             "mandatory": true, "skipSetupItems": ["Siri"]}}""");
        assertThat(assigned.getStatusCode().value()).as(String.valueOf(assigned.getBody())).isEqualTo(200);
        assertThat(assigned.getBody().path("results").path("C02AAA111").asText()).isEqualTo("SUCCESS");
        assertThat(assigned.getBody().path("results").path("C02ZZZ999").asText()).isEqualTo("NOT_ACCESSIBLE");
        assertThat(ADE.profiles).hasSize(1);
        assertThat(storedPayloads(tokenId)).doesNotContain("AS_clear-access-secret").doesNotContain("CS_clear");

        expire(tokenId);
        int callsBefore = ADE.received.size() + ADE.sessionCalls.size();
        assertProblem(admin(acme, HttpMethod.POST, ade + "/sync", null), 409, "ade-token-expired");
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profile-assignments",
                "{\"serialNumbers\": [\"C02AAA111\"], \"profileUuid\": \"ABC123\"}"), 409, "ade-token-expired");
        assertThat(ADE.received.size() + ADE.sessionCalls.size()).as("nothing sent to Apple").isEqualTo(callsBefore);
        assertThat(payloads(tokenId, "AdeTokenUseRefused")).extracting(event -> event.path("operation").asText())
                .containsExactly("device-sync", "profile-assignment");

        Instant renewedExpiry = expiry.plus(Duration.ofDays(30));
        assertThat(upload(ade + "/renewal", AppleTokenSamples.p7m(pem, renewedExpiry), Map.of()).path("expiresAt")
                .asText()).isEqualTo(renewedExpiry.toString());
        ResponseEntity<JsonNode> afterRenewal = admin(acme, HttpMethod.POST, ade + "/sync", null);
        assertThat(afterRenewal.getStatusCode().value()).as(String.valueOf(afterRenewal.getBody())).isEqualTo(200);
        assertThat(afterRenewal.getBody().path("fullFetch").asBoolean()).isFalse();
        assertThat(eventTypes(tokenId)).containsSubsequence("AdeTokenUploaded", "AdeDevicesSynced", "AdeDevicesSynced",
                "AdeProfileAssigned", "CredentialExpired", "AdeTokenUseRefused", "AdeTokenUseRefused", "AdeTokenRenewed",
                "AdeDevicesSynced");
    }

    @Test
    void adeBadInputAppleRefusalsAndOtherTenantsAreProblems() {
        String tokenId = upload("/api/apple/ade/tokens", AppleTokenSamples.p7m(publicKey(),
                Instant.now().plus(Duration.ofDays(365))), Map.of("appleId", "mdm@acme.example.com")).path("tokenId").asText();
        String ade = "/api/apple/ade/tokens/" + tokenId;
        long before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profile-assignments",
                "{\"serialNumbers\": [], \"profileUuid\": \"ABC123\"}"), 400, "serial-numbers-required");
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profile-assignments",
                "{\"serialNumbers\": [\"C02AAA111\"], \"profile\": {\"profileName\": \"x\", \"url\": \"ftp://x\"}}"),
                400, "invalid-profile");
        assertProblem(admin(acme, HttpMethod.POST, ade + "/profile-assignments", "{not json"), 400, "malformed-request");
        assertProblem(admin(globex, HttpMethod.POST, ade + "/sync", null), 404, "ade-token-not-found");
        assertProblem(admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/not-a-uuid/sync", null), 404, "ade-token-not-found");
        assertThat(eventCount()).isEqualTo(before);

        ADE.refuseNextWith(403, "T_C_NOT_SIGNED");
        ResponseEntity<JsonNode> refused = admin(acme, HttpMethod.POST, ade + "/sync", null);
        assertProblem(refused, 502, "apple-refused");
        assertThat(refused.getBody().path("appleCode").asText()).isEqualTo("T_C_NOT_SIGNED");
        assertThat(payloads(tokenId, "AdeTokenUseRefused")).extracting(event -> event.path("reason").asText())
                .containsExactly("T_C_NOT_SIGNED");
    }

    @Test
    void vppLicencesAreAssignedAndRevokedRefusedWhenTheTokenExpiredAndWorkAgainAfterRenewal() {
        String tokenId = upload("/api/apple/vpp/tokens", VPP_TOKEN, Map.of("location", "Sales")).path("tokenId").asText();
        String vpp = "/api/apple/vpp/tokens/" + tokenId;
        String licences = "{\"adamId\": \"408709785\", \"serialNumbers\": [\"C02AAA111\", \"C02AAA222\"]}";

        ResponseEntity<JsonNode> assigned = admin(acme, HttpMethod.POST, vpp + "/license-assignments", licences);
        assertThat(assigned.getStatusCode().value()).as(String.valueOf(assigned.getBody())).isEqualTo(202);
        assertThat(assigned.getBody().path("appleEventId").asText()).isNotBlank();
        assertThat(admin(acme, HttpMethod.POST, vpp + "/license-revocations", licences).getStatusCode().value())
                .isEqualTo(202);
        assertThat(APPS_AND_BOOKS.received).extracting(FakeAppsAndBooksService.Received::sToken)
                .containsOnly(new String(VPP_TOKEN, StandardCharsets.US_ASCII));

        expire(tokenId);
        int callsBefore = APPS_AND_BOOKS.received.size();
        ResponseEntity<JsonNode> refused = admin(acme, HttpMethod.POST, vpp + "/license-assignments", licences);
        assertProblem(refused, 409, "vpp-token-expired");
        assertThat(refused.getBody().path("detail").asText()).contains("apps already installed stay installed");
        assertProblem(admin(acme, HttpMethod.POST, vpp + "/license-revocations", licences), 409, "vpp-token-expired");
        assertThat(APPS_AND_BOOKS.received).as("nothing sent to Apple").hasSize(callsBefore);
        assertThat(payloads(tokenId, "VppTokenUseRefused")).extracting(event -> event.path("operation").asText())
                .containsExactly("license-assignment", "license-revocation");

        assertThat(upload(vpp + "/renewal", RENEWED_VPP_TOKEN, Map.of()).path("tokenId").asText()).isEqualTo(tokenId);
        assertThat(admin(acme, HttpMethod.POST, vpp + "/license-assignments", licences).getStatusCode().value())
                .isEqualTo(202);
        assertThat(APPS_AND_BOOKS.received.get(APPS_AND_BOOKS.received.size() - 1).sToken())
                .isEqualTo(new String(RENEWED_VPP_TOKEN, StandardCharsets.US_ASCII));
        assertThat(eventTypes(tokenId)).containsSubsequence("VppTokenUploaded", "VppLicensesAssigned",
                "VppLicensesRevoked", "CredentialExpired", "VppTokenUseRefused", "VppTokenUseRefused", "VppTokenRenewed",
                "VppLicensesAssigned");

        long before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, vpp + "/license-assignments",
                "{\"adamId\": \"Pages\", \"serialNumbers\": [\"C02AAA111\"]}"), 400, "invalid-adam-id");
        assertProblem(admin(globex, HttpMethod.POST, vpp + "/license-revocations", licences), 404, "vpp-token-not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** The expiry saga's persistent deadline for this credential, made due instead of waiting a year. */
    private void expire(String credentialId) {
        String sagaId = jdbc.sql("select sagaid from command_side.associationvalueentry"
                        + " where associationkey = 'credentialId' and associationvalue = ?")
                .param(credentialId).query(String.class).single();
        int due = jdbc.sql("update command_side.scheduled_tasks set execution_time = now()"
                        + " where position(convert_to(?, 'UTF8') in task_data) > 0"
                        + " and position(convert_to('ExpiryDue', 'UTF8') in task_data) > 0")
                .param(sagaId).update();
        assertThat(due).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(eventTypes(credentialId)).contains("CredentialExpired"));
    }

    private String publicKey() {
        return adminText(acme, "/api/apple/ade/public-key");
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
                .map(AppleTokenUseIntegrationTest::json).toList();
    }

    private List<String> eventTypes(String aggregateId) {
        return jdbc.sql("select payloadtype from eventstore.domainevententry where aggregateidentifier = ?"
                        + " order by sequencenumber").param(aggregateId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Starter<T> {
        T start() throws IOException;
    }

    private static <T> T start(Starter<T> starter) {
        try {
            return starter.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
