package org.mdmenroll.command.credential;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.credential.DeviceAssignmentClient.DeviceAssignmentException;
import org.mdmenroll.command.credential.DeviceAssignmentClient.DeviceSync;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ProfileDefinition;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.mdmenroll.command.credential.DeviceAssignmentClient.SyncProgress;
import org.mdmenroll.events.credential.AdeDevice;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP device assignment client against a local server that checks the OAuth 1.0a signature itself. */
class HttpDeviceAssignmentClientTest {

    private static final ServerToken TOKEN = new ServerToken("CK_48dd68d1983", "CS secret/with+reserved~chars",
            "AT_clear-access-token", "AS_clear access secret");

    private FakeDeviceAssignmentService apple;
    private HttpDeviceAssignmentClient client;

    @BeforeEach
    void start() throws IOException {
        apple = new FakeDeviceAssignmentService().knowing(TOKEN).withDevices("C02AAA111", "C02AAA222", "C02AAA333");
        client = new HttpDeviceAssignmentClient(apple.baseUrl() + "/");
    }

    @AfterEach
    void stop() {
        apple.close();
    }

    @Test
    void theFirstSyncOpensOneSignedSessionAndFetchesEveryPage() {
        DeviceSync sync = client.sync(TOKEN, null, SyncProgress.NONE);

        assertThat(sync.fullFetch()).isTrue();
        assertThat(sync.devices()).extracting(AdeDevice::serialNumber).containsExactly("C02AAA111", "C02AAA222", "C02AAA333");
        assertThat(sync.devices().get(0)).isEqualTo(new AdeDevice("C02AAA111", "iPad Pro", "iOS", "iPad", "empty", null,
                null, "IPAD PRO WI-FI 256GB", "SPACE GRAY", null, "admin@acme.example.com",
                Instant.parse("2026-11-20T08:00:00Z"), null));
        assertThat(sync.cursor()).isEqualTo("fetch-3");
        assertThat(apple.sessionCalls).hasSize(1);
        assertThat(apple.sessionCalls.get(0)).startsWith("OAuth ").contains("realm=\"ADM\"")
                .contains("oauth_signature_method=\"HMAC-SHA1\"").doesNotContain("CS secret").doesNotContain("AS_clear");
        assertThat(apple.received).hasSize(2).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/server/devices");
            assertThat(request.protocolVersion()).isEqualTo("3");
            assertThat(request.session()).startsWith("session-");
        });
        assertThat(apple.received.get(1).body().path("cursor").asText()).isEqualTo("fetch-2");
    }

    @Test
    void laterSyncsSendTheCursorAndAnExpiredCursorFallsBackToAFullFetch() {
        apple.changed("C02AAA444", "added");
        apple.changed("C02AAA111", "deleted");
        DeviceSync changes = client.sync(TOKEN, "fetch-3", SyncProgress.NONE);
        assertThat(changes.fullFetch()).isFalse();
        assertThat(changes.count("added")).isEqualTo(1);
        assertThat(changes.count("deleted")).isEqualTo(1);
        assertThat(changes.cursor()).startsWith("sync-");
        assertThat(apple.received.get(0).body().path("cursor").asText()).isEqualTo("fetch-3");

        apple.expiredCursors.add(changes.cursor());
        DeviceSync again = client.sync(TOKEN, changes.cursor(), SyncProgress.NONE);
        assertThat(again.fullFetch()).isTrue();
        assertThat(again.devices()).hasSize(3);
    }

    @Test
    void anExpiredSessionIsAnswered401AndTheClientAuthenticatesAgainOnce() {
        client.fetchDevices(TOKEN, null);
        apple.expireSessions();

        assertThat(client.fetchDevices(TOKEN, null).devices()).hasSize(2);
        assertThat(apple.sessionCalls).hasSize(2);
        assertThat(apple.received).extracting(FakeDeviceAssignmentService.Received::path)
                .containsExactly("/server/devices", "/server/devices", "/server/devices");
        assertThat(apple.received.get(1).session()).isEqualTo(apple.received.get(0).session());
        assertThat(apple.received.get(2).session()).isNotEqualTo(apple.received.get(1).session());
    }

    @Test
    void aSessionAppleHandsBackInAnAnswerIsUsedNext() {
        apple.rotateSessions = true;
        client.fetchDevices(TOKEN, null);
        client.fetchDevices(TOKEN, "fetch-2");
        client.syncDevices(TOKEN, "fetch-3");
        assertThat(apple.sessionCalls).hasSize(1);
        assertThat(apple.received).extracting(FakeDeviceAssignmentService.Received::session).doesNotHaveDuplicates();
    }

    @Test
    void aWrongSecretFailsTheSignatureCheckAndIsAppleRefusing() {
        ServerToken wrong = new ServerToken(TOKEN.consumerKey(), "another secret", TOKEN.accessToken(), TOKEN.accessSecret());
        assertThatThrownBy(() -> client.fetchDevices(wrong, null))
                .isInstanceOfSatisfying(DeviceAssignmentException.class, e -> {
                    assertThat(e.refusedByApple()).isTrue();
                    assertThat(e.code()).isEqualTo("UNAUTHORIZED");
                    assertThat(e.getMessage()).doesNotContain("another secret");
                });
        assertThat(apple.received).isEmpty();
    }

    @Test
    void aProfileIsDefinedAndAssignedWithApplesResultPerSerial() {
        ProfileDefinition profile = new ProfileDefinition("Acme ADE", "https://acme.example.com/ade", true, true, false,
                "IT", "+1 555 0100", List.of("Siri", "Diagnostics"), true, "it@acme.example.com", "en", "US",
                "https://acme.example.com/t/acme/ade/sign-in");
        String uuid = client.defineProfile(TOKEN, profile);
        Map<String, String> results = client.assignProfile(TOKEN, uuid, List.of("C02AAA111", "C02ZZZ999"));

        assertThat(uuid).hasSize(32);
        assertThat(apple.profiles.get(0).toString()).isEqualTo("{\"profile_name\":\"Acme ADE\","
                + "\"url\":\"https://acme.example.com/ade\",\"is_supervised\":true,\"is_mandatory\":true,"
                + "\"is_mdm_removable\":false,\"await_device_configured\":true,\"department\":\"IT\","
                + "\"support_phone_number\":\"+1 555 0100\",\"support_email_address\":\"it@acme.example.com\","
                + "\"language\":\"en\",\"region\":\"US\","
                + "\"configuration_web_url\":\"https://acme.example.com/t/acme/ade/sign-in\","
                + "\"skip_setup_items\":[\"Siri\",\"Diagnostics\"]}");
        assertThat(results).containsExactly(Map.entry("C02AAA111", "SUCCESS"), Map.entry("C02ZZZ999", "NOT_ACCESSIBLE"));
        FakeDeviceAssignmentService.Received assign = apple.received.get(1);
        assertThat(assign.method()).isEqualTo("PUT");
        assertThat(assign.path()).isEqualTo("/profile/devices");
        assertThat(assign.body().path("profile_uuid").asText()).isEqualTo(uuid);
    }

    @Test
    void applesRefusalsCarryItsCodeAndItsFailuresAreNotRefusals() throws IOException {
        apple.refuseNextWith(403, "T_C_NOT_SIGNED");
        assertThatThrownBy(() -> client.syncDevices(TOKEN, "fetch-3"))
                .isInstanceOfSatisfying(DeviceAssignmentException.class, e -> {
                    assertThat(e.refusedByApple()).isTrue();
                    assertThat(e.code()).isEqualTo("T_C_NOT_SIGNED");
                    assertThat(e.status()).isEqualTo(403);
                });
        apple.refuseNextWith(400, "{\"code\":\"DEVICE_ID_REQUIRED\",\"message\":\"no devices\"}");
        assertThatThrownBy(() -> client.assignProfile(TOKEN, "UUID", List.of()))
                .isInstanceOfSatisfying(DeviceAssignmentException.class,
                        e -> assertThat(e.code()).isEqualTo("DEVICE_ID_REQUIRED"));
        apple.refuseNextWith(503, "<html>busy</html>");
        assertThatThrownBy(() -> client.fetchDevices(TOKEN, null))
                .isInstanceOfSatisfying(DeviceAssignmentException.class, e -> {
                    assertThat(e.refusedByApple()).isFalse();
                    assertThat(e.code()).isEqualTo("HTTP_503");
                });

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpDeviceAssignmentClient nowhere = new HttpDeviceAssignmentClient("http://127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> nowhere.fetchDevices(TOKEN, null))
                .isInstanceOfSatisfying(DeviceAssignmentException.class, e -> {
                    assertThat(e.refusedByApple()).isFalse();
                    assertThat(e.code()).isEqualTo("UNREACHABLE");
                });
    }
}
