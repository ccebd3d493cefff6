package org.mdmenroll.command.android;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.StoppedClockConfiguration;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Android Enterprise QR provisioning end to end on a real PostgreSQL: provisioning settings, an
 * enrollment token and its QR code, the agent's enrollment under the Android re-enrollment rule,
 * the agent's events, and every refused token (recorded where it matters, nothing stored otherwise).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        StoppedClockConfiguration.FEW_CONNECTIONS})
@Import(StoppedClockConfiguration.class)
class AndroidEnrollmentIntegrationTest extends CommandSideRestTest {

    static final String CHECKSUM_HEX = "8090f6630b4e8962479123249087cb4658feaae36a1b57dbeafd74d109b333dc";
    static final String CHECKSUM = "gJD2YwtOiWJHkSMkkIfLRlj-quNqG1fb6v100QmzM9w";
    private static final String EXTRA = "android.app.extra.PROVISIONING_";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MutableClock clock;
    @Autowired
    SecretBox secrets;

    private String joe;
    private String joeId;

    @BeforeEach
    void tenantsUsersAndSettings() {
        clock.setInstant(Instant.now());
        createTenantsWithAdmins();
        joe = "joe@" + acme + ".example.com";
        joeId = createUser(acme, joe, "joes-password-1");
    }

    private ResponseEntity<JsonNode> configure(String tenant, String json) {
        return admin(tenant, HttpMethod.PUT, "/api/settings/android-provisioning", json);
    }

    private void configureWithWifi() {
        ResponseEntity<JsonNode> settings = configure(acme, """
                {"adminComponentName":"com.acme.agent/.AdminReceiver",
                 "packageDownloadLocation":"https://downloads.acme.example.com/agent.apk",
                 "signatureChecksum":"%s",
                 "wifi":{"ssid":"Acme-Setup","securityType":"WPA","password":"wifi-secret-42"},
                 "adminExtras":{"site":"Berlin"}}""".formatted(CHECKSUM_HEX));
        assertThat(settings.getStatusCode().value()).as(String.valueOf(settings.getBody())).isEqualTo(200);
    }

    private JsonNode token(String tenant, String json) {
        ResponseEntity<JsonNode> response = admin(tenant, HttpMethod.POST, "/api/android/enrollment-tokens", json);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return response.getBody();
    }

    private JsonNode oneTimeTokenForJoe() {
        return token(acme, "{\"userId\":\"" + joeId + "\",\"oneTime\":true,\"validFor\":\"PT1H\"}");
    }

    private JsonNode multiUseTokenForJoe() {
        return token(acme, "{\"userId\":\"" + joeId + "\",\"oneTime\":false,\"validFor\":\"P7D\"}");
    }

    private ResponseEntity<JsonNode> enroll(String tenant, String token, int sdkInt, String mode, String serial,
                                            String more) {
        return anonymous(HttpMethod.POST, "/t/" + tenant + "/android/enroll", "{\"enrollmentToken\":\"" + token
                + "\",\"sdkInt\":" + sdkInt + ",\"managementMode\":\"" + mode + "\",\"serialNumber\":\"" + serial
                + "\"" + more + "}");
    }

    private JsonNode enrolled(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> agentEvent(String deviceId, String secret, String type) {
        HttpHeaders headers = new HttpHeaders();
        if (secret != null) {
            headers.setBearerAuth(secret);
        }
        return exchange(headers, HttpMethod.POST, "/t/" + acme + "/android/" + deviceId + "/events",
                "{\"type\":\"" + type + "\"}");
    }

    private void agentSays(JsonNode enrollment, String type) {
        ResponseEntity<JsonNode> response = agentEvent(enrollment.path("deviceId").asText(),
                enrollment.path("agentSecret").asText(), type);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(204);
    }

    // ---- settings, tokens and the QR code -----------------------------------------------------------

    @Test
    void aTokensQrCodeCarriesTheProvisioningSettingsAndTheTokenWhichAreStoredOnlyHashedOrSealed() throws Exception {
        configureWithWifi();
        JsonNode settings = configure(acme, """
                {"adminComponentName":"com.acme.agent/.AdminReceiver",
                 "packageDownloadLocation":"https://downloads.acme.example.com/agent.apk",
                 "signatureChecksum":"%s",
                 "wifi":{"ssid":"Acme-Setup","securityType":"WPA","password":"wifi-secret-42"},
                 "adminExtras":{"site":"Berlin"}}""".formatted(CHECKSUM_HEX)).getBody();
        assertThat(settings.path("signatureChecksum").asText()).isEqualTo(CHECKSUM);
        assertThat(settings.path("wifi").path("passwordSet").asBoolean()).isTrue();
        assertThat(settings.toString()).doesNotContain("wifi-secret-42");

        JsonNode created = oneTimeTokenForJoe();
        String token = created.path("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Instant.parse(created.path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        JsonNode qr = JSON.readTree(created.path("qrContent").asText());
        assertThat(qr.path(EXTRA + "DEVICE_ADMIN_COMPONENT_NAME").asText()).isEqualTo("com.acme.agent/.AdminReceiver");
        assertThat(qr.path(EXTRA + "DEVICE_ADMIN_PACKAGE_DOWNLOAD_LOCATION").asText())
                .isEqualTo("https://downloads.acme.example.com/agent.apk");
        assertThat(qr.path(EXTRA + "DEVICE_ADMIN_SIGNATURE_CHECKSUM").asText()).isEqualTo(CHECKSUM);
        assertThat(qr.path(EXTRA + "WIFI_SSID").asText()).isEqualTo("Acme-Setup");
        assertThat(qr.path(EXTRA + "WIFI_SECURITY_TYPE").asText()).isEqualTo("WPA");
        assertThat(qr.path(EXTRA + "WIFI_PASSWORD").asText()).isEqualTo("wifi-secret-42");
        JsonNode extras = qr.path(EXTRA + "ADMIN_EXTRAS_BUNDLE");
        assertThat(extras.path("serverUrl").asText()).isEqualTo("https://" + acme + ".mdm.example.com");
        assertThat(extras.path("tenant").asText()).isEqualTo(acme);
        assertThat(extras.path("enrollmentToken").asText()).isEqualTo(token);
        assertThat(extras.path("site").asText()).isEqualTo("Berlin");

        // The PNG decodes to exactly the provisioning JSON.
        ResponseEntity<byte[]> png = qrPng(created.path("tokenId").asText());
        assertThat(png.getStatusCode().value()).isEqualTo(200);
        assertThat(png.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(decodeQr(png.getBody())).isEqualTo(created.path("qrContent").asText());

        String stored = String.join("\n", jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier in (?, ?)")
                .params(created.path("tokenId").asText(), tenantId(acme)).query(String.class).list());
        assertThat(stored).contains("tokenHash").doesNotContain(token)
                .doesNotContain("wifi-secret-42");
        assertThat(jdbc.sql("select token_hash from command_side.enrollment_token where token_id = ?::uuid")
                .param(created.path("tokenId").asText()).query(String.class).single())
                .isEqualTo(org.mdmenroll.command.user.EnrollmentSessions.hash(token));
    }

    @Test
    void withoutProvisioningSettingsNoTokenIsMadeAndBadInputStoresNothing() {
        long before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"oneTime\":true,\"validFor\":\"PT1H\"}"), 409, "android-provisioning-not-configured");
        assertProblem(configure(acme, "{\"adminComponentName\":\"com.acme.agent/.AdminReceiver\","
                + "\"packageDownloadLocation\":\"https://x.example.com/a.apk\",\"signatureChecksum\":\"abc\"}"),
                400, "invalid-signature-checksum");
        assertProblem(configure(acme, "{\"adminComponentName\":\"com.acme.agent/.AdminReceiver\","
                + "\"packageDownloadLocation\":\"http://x.example.com/a.apk\",\"signatureChecksum\":\"" + CHECKSUM
                + "\"}"), 400, "invalid-package-download-location");
        assertProblem(configure(acme, "{\"adminComponentName\":\"com.acme.agent/.AdminReceiver\","
                + "\"packageDownloadLocation\":\"https://x.example.com/a.apk\",\"signatureChecksum\":\"" + CHECKSUM
                + "\",\"wifi\":{\"ssid\":\"Acme\",\"securityType\":\"WPA\"}}"), 400, "invalid-wifi");
        assertProblem(configure(acme, "{\"packageDownloadLocation\":\"https://x.example.com/a.apk\"}"), 400,
                "invalid-request");
        assertProblem(anonymous(HttpMethod.PUT, "/api/settings/android-provisioning", "{}"), 401, "unauthenticated");
        assertThat(eventCount()).isEqualTo(before);

        configureWithWifi();
        before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"oneTime\":true,\"validFor\":\"P100D\"}"), 400, "invalid-validity");
        assertProblem(admin(acme, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"oneTime\":true}"), 400, "invalid-request");
        assertProblem(admin(acme, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"oneTime\":true,\"validFor\":\"an hour\"}"), 400, "malformed-request");
        String globexUser = createUser(globex, "ann@" + globex + ".example.com", null);
        before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"userId\":\"" + globexUser + "\",\"oneTime\":true,\"validFor\":\"PT1H\"}"), 404, "unknown-user");
        assertProblem(admin(globex, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"oneTime\":true,\"validFor\":\"PT1H\"}"), 409, "android-provisioning-not-configured");
        assertThat(eventCount()).isEqualTo(before);

        String tokenId = oneTimeTokenForJoe().path("tokenId").asText();
        assertProblem(rest.exchange("/api/android/enrollment-tokens/" + tokenId + "/qr.png", HttpMethod.GET,
                new HttpEntity<>(adminAcceptingAnything(globex)), JsonNode.class), 404, "unknown-enrollment-token");
    }

    // ---- enrollment ---------------------------------------------------------------------------------

    @Test
    void theAgentEnrollsWithTheTokenAndItsEnrolledEventCompletesTheEnrollment() {
        configureWithWifi();
        JsonNode token = oneTimeTokenForJoe();
        JsonNode enrollment = enrolled(enroll(acme, token.path("token").asText(), 34, "FULLY_MANAGED", "R58N1234",
                ",\"imei\":\"356938035643809\",\"fcmToken\":\"fcm-registration-token-1\""));
        String deviceId = enrollment.path("deviceId").asText();
        String secret = enrollment.path("agentSecret").asText();
        assertThat(secret).isNotBlank();
        assertThat(enrollment.path("reEnrolled").asBoolean()).isFalse();

        assertThat(events(deviceId)).containsExactly("EnrollmentStarted", "AndroidAgentRegistered");
        JsonNode started = payload(deviceId, "EnrollmentStarted");
        assertThat(started.path("userId").asText()).isEqualTo(joeId);
        assertThat(started.path("platform").asText()).isEqualTo("ANDROID");
        assertThat(started.path("osVersion").asText()).isEqualTo("14");
        assertThat(started.path("method").asText()).isEqualTo("QR_CODE");
        assertThat(started.path("pushChannel").path("type").asText()).isEqualTo("FCM");
        assertThat(secrets.open(SecretPurpose.APP_PUSH_TOKEN,
                started.path("pushChannel").path("sealedToken").asText())).isEqualTo("fcm-registration-token-1");
        JsonNode registered = payload(deviceId, "AndroidAgentRegistered");
        assertThat(registered.path("managementMode").asText()).isEqualTo("FULLY_MANAGED");
        assertThat(registered.path("sdkInt").asInt()).isEqualTo(34);
        assertThat(registered.path("enrollmentTokenId").asText()).isEqualTo(token.path("tokenId").asText());
        assertThat(storedPayloads(deviceId)).doesNotContain(secret).doesNotContain("fcm-registration-token-1");
        assertThat(events(token.path("tokenId").asText())).containsExactly("EnrollmentTokenCreated",
                "EnrollmentTokenRedeemed");
        assertThat(status(deviceId)).isEqualTo("PENDING");

        agentSays(enrollment, "ENROLLED");
        assertThat(status(deviceId)).isEqualTo("ACTIVE");
        agentSays(enrollment, "CA_CERTIFICATES_REMOVED");
        // Enrolled, the entry asks the agent for the device's inventory.
        assertThat(events(deviceId)).containsExactly("EnrollmentStarted", "AndroidAgentRegistered", "DeviceEnrolled",
                "MdmCommandQueued", "ManualCaCertificatesRemoved");
        assertThat(metadata(deviceId, "ManualCaCertificatesRemoved").path("actorType").asText()).isEqualTo("DEVICE");

        // A used one-time token has no QR code any more.
        assertProblem(rest.exchange("/api/android/enrollment-tokens/" + token.path("tokenId").asText() + "/qr.png",
                HttpMethod.GET, new HttpEntity<>(adminAcceptingAnything(acme)), JsonNode.class),
                410, "enrollment-token-already-used");
    }

    @Test
    void agentEventsNeedTheAgentsSecretAKnownTypeAndACompanyOwnedDeviceForCaRemoval() {
        configureWithWifi();
        JsonNode personal = enrolled(enroll(acme, multiUseTokenForJoe().path("token").asText(), 33,
                "WORK_PROFILE_PERSONAL", "PERSONAL1", ""));
        JsonNode owned = enrolled(enroll(acme, multiUseTokenForJoe().path("token").asText(), 33,
                "WORK_PROFILE_COMPANY_OWNED", "OWNED1", ""));
        String deviceId = personal.path("deviceId").asText();
        long before = eventCount();

        assertProblem(agentEvent(deviceId, null, "ENROLLED"), 401, "invalid-agent-secret");
        assertProblem(agentEvent(deviceId, "not-the-secret", "ENROLLED"), 401, "invalid-agent-secret");
        assertProblem(agentEvent(deviceId, owned.path("agentSecret").asText(), "ENROLLED"), 401, "invalid-agent-secret");
        assertProblem(agentEvent(deviceId, personal.path("agentSecret").asText(), "REBOOTED"), 400,
                "unknown-agent-event");
        assertProblem(exchange(new HttpHeaders(), HttpMethod.POST, "/t/" + acme + "/android/" + deviceId + "/events",
                "{\"type\":"), 400, "malformed-request");
        assertProblem(agentEvent(deviceId, personal.path("agentSecret").asText(), "CA_CERTIFICATES_REMOVED"), 409,
                "device-status-conflict");
        HttpHeaders otherTenant = new HttpHeaders();
        otherTenant.setBearerAuth(personal.path("agentSecret").asText());
        assertProblem(exchange(otherTenant, HttpMethod.POST, "/t/" + globex + "/android/" + deviceId + "/events",
                "{\"type\":\"ENROLLED\"}"), 401, "invalid-agent-secret");
        assertThat(eventCount()).isEqualTo(before);

        agentSays(personal, "ENROLLED");
        before = eventCount();
        assertProblem(agentEvent(deviceId, personal.path("agentSecret").asText(), "CA_CERTIFICATES_REMOVED"), 409,
                "not-company-owned");
        assertProblem(agentEvent(deviceId, personal.path("agentSecret").asText(), "ENROLLED"), 409,
                "device-status-conflict");
        assertThat(eventCount()).isEqualTo(before);

        agentSays(owned, "ENROLLED");
        agentSays(owned, "CA_CERTIFICATES_REMOVED");
        assertThat(events(owned.path("deviceId").asText())).endsWith("ManualCaCertificatesRemoved");
    }

    @Test
    void android9ReusesItsEntryAndAndroid10GetsANewOneThatSupersedesTheOlder() {
        configureWithWifi();
        String token = multiUseTokenForJoe().path("token").asText();

        JsonNode first9 = enrolled(enroll(acme, token, 28, "FULLY_MANAGED", "SDK28SERIAL", ""));
        agentSays(first9, "ENROLLED");
        JsonNode again9 = enrolled(enroll(acme, token, 28, "FULLY_MANAGED", "sdk28serial", ""));
        assertThat(again9.path("deviceId").asText()).isEqualTo(first9.path("deviceId").asText());
        assertThat(again9.path("reEnrolled").asBoolean()).isTrue();
        // The earlier agent's secret no longer works; the new one does.
        assertProblem(agentEvent(first9.path("deviceId").asText(), first9.path("agentSecret").asText(), "ENROLLED"),
                401, "invalid-agent-secret");
        agentSays(again9, "ENROLLED");
        // The re-enrollment cancels what the earlier agent was still asked; the new agent is asked again.
        assertThat(events(first9.path("deviceId").asText())).containsExactly("EnrollmentStarted",
                "AndroidAgentRegistered", "DeviceEnrolled", "MdmCommandQueued", "DeviceReEnrolled",
                "MdmCommandCancelled", "AndroidAgentRegistered", "DeviceEnrolled", "MdmCommandQueued");
        assertThat(payload(first9.path("deviceId").asText(), "EnrollmentStarted").path("osVersion").asText())
                .isEqualTo("9");

        JsonNode first10 = enrolled(enroll(acme, token, 29, "FULLY_MANAGED", "SDK29SERIAL", ""));
        agentSays(first10, "ENROLLED");
        JsonNode again10 = enrolled(enroll(acme, token, 30, "FULLY_MANAGED", "SDK29SERIAL", ""));
        assertThat(again10.path("deviceId").asText()).isNotEqualTo(first10.path("deviceId").asText());
        assertThat(again10.path("reEnrolled").asBoolean()).isFalse();
        assertThat(status(first10.path("deviceId").asText())).isEqualTo("ACTIVE");
        agentSays(again10, "ENROLLED");
        assertThat(status(first10.path("deviceId").asText())).isEqualTo("INACTIVE");
        assertThat(status(again10.path("deviceId").asText())).isEqualTo("ACTIVE");
        assertThat(payload(first10.path("deviceId").asText(), "DeviceEntrySuperseded").path("supersededBy").asText())
                .isEqualTo(again10.path("deviceId").asText());
    }

    @Test
    void aTokenForNoParticularUserEnrollsTheUserWhoLoggedInOnTheDevice() {
        configureWithWifi();
        String token = token(acme, "{\"oneTime\":true,\"validFor\":\"PT1H\"}").path("token").asText();
        long before = eventCount();
        assertProblem(enroll(acme, token, 34, "FULLY_MANAGED", "NOUSER1", ""), 401, "login-required");
        assertThat(eventCount()).isEqualTo(before);

        String session = anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"" + joe + "\",\"password\":\"joes-password-1\"}").getBody().path("sessionToken").asText();
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(session);
        JsonNode enrollment = enrolled(exchange(headers, HttpMethod.POST, "/t/" + acme + "/android/enroll",
                "{\"enrollmentToken\":\"" + token + "\",\"sdkInt\":34,\"managementMode\":\"FULLY_MANAGED\","
                        + "\"enterpriseSpecificId\":\"esid-nouser-1\"}"));
        assertThat(payload(enrollment.path("deviceId").asText(), "EnrollmentStarted").path("userId").asText())
                .isEqualTo(joeId);
    }

    // ---- refused tokens -----------------------------------------------------------------------------

    @Test
    void aOneTimeTokenUsedAgainIsRefusedAndRecordedAndNoDeviceIsStarted() {
        configureWithWifi();
        JsonNode token = oneTimeTokenForJoe();
        enrolled(enroll(acme, token.path("token").asText(), 34, "FULLY_MANAGED", "ONCE1", ""));
        long entries = deviceEntries();

        assertProblem(enroll(acme, token.path("token").asText(), 34, "FULLY_MANAGED", "ONCE2", ""), 409,
                "enrollment-token-already-used");
        assertThat(events(token.path("tokenId").asText())).containsExactly("EnrollmentTokenCreated",
                "EnrollmentTokenRedeemed", "EnrollmentTokenRefused");
        assertThat(payload(token.path("tokenId").asText(), "EnrollmentTokenRefused").path("reason").asText())
                .isEqualTo("ALREADY_USED");
        assertThat(deviceEntries()).isEqualTo(entries);
    }

    @Test
    void anExpiredTokenIsRefusedAndRecordedAndHasNoQrCode() {
        configureWithWifi();
        JsonNode token = token(acme, "{\"userId\":\"" + joeId + "\",\"oneTime\":false,\"validFor\":\"PT1M\"}");
        clock.advance(Duration.ofMinutes(2));
        long entries = deviceEntries();
        assertProblem(enroll(acme, token.path("token").asText(), 34, "FULLY_MANAGED", "LATE1", ""), 410,
                "enrollment-token-expired");
        assertThat(payload(token.path("tokenId").asText(), "EnrollmentTokenRefused").path("reason").asText())
                .isEqualTo("EXPIRED");
        assertThat(deviceEntries()).isEqualTo(entries);
        assertProblem(rest.exchange("/api/android/enrollment-tokens/" + token.path("tokenId").asText() + "/qr.png",
                HttpMethod.GET, new HttpEntity<>(adminAcceptingAnything(acme)), JsonNode.class),
                410, "enrollment-token-expired");
    }

    @Test
    void aRevokedTokenIsRefusedAndRecorded() {
        configureWithWifi();
        JsonNode token = multiUseTokenForJoe();
        String tokenId = token.path("tokenId").asText();
        assertThat(admin(acme, HttpMethod.DELETE, "/api/android/enrollment-tokens/" + tokenId, null)
                .getStatusCode().value()).isEqualTo(204);
        assertThat(admin(acme, HttpMethod.DELETE, "/api/android/enrollment-tokens/" + tokenId, null)
                .getStatusCode().value()).isEqualTo(204);
        assertProblem(admin(globex, HttpMethod.DELETE, "/api/android/enrollment-tokens/" + tokenId, null), 404,
                "unknown-enrollment-token");
        assertProblem(enroll(acme, token.path("token").asText(), 34, "FULLY_MANAGED", "REVOKED1", ""), 410,
                "enrollment-token-revoked");
        assertThat(events(tokenId)).containsExactly("EnrollmentTokenCreated", "EnrollmentTokenRevoked",
                "EnrollmentTokenRefused");
        assertProblem(rest.exchange("/api/android/enrollment-tokens/" + tokenId + "/qr.png", HttpMethod.GET,
                new HttpEntity<>(adminAcceptingAnything(acme)), JsonNode.class), 410,
                "enrollment-token-revoked");
    }

    @Test
    void unknownTokensAndBadInputAreClearProblemsAndStoreNothing() {
        configureWithWifi();
        String token = oneTimeTokenForJoe().path("token").asText();
        long before = eventCount();

        assertProblem(enroll(acme, "no-such-token", 34, "FULLY_MANAGED", "BAD1", ""), 401, "invalid-enrollment-token");
        assertProblem(enroll(globex, token, 34, "FULLY_MANAGED", "BAD1", ""), 401, "invalid-enrollment-token");
        assertProblem(enroll("no-such-tenant", token, 34, "FULLY_MANAGED", "BAD1", ""), 404, "unknown-tenant");
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/android/enroll", "{\"enrollmentToken\":\"" + token
                + "\",\"sdkInt\":34,\"managementMode\":\"FULLY_MANAGED\"}"), 400, "hardware-identity-required");
        assertProblem(enroll(acme, token, 34, "KIOSK", "BAD1", ""), 400, "malformed-request");
        assertProblem(enroll(acme, token, 3, "FULLY_MANAGED", "BAD1", ""), 400, "invalid-sdk-int");
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/android/enroll",
                "{\"sdkInt\":34,\"managementMode\":\"FULLY_MANAGED\",\"serialNumber\":\"BAD1\"}"), 400,
                "invalid-request");
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/android/enroll", "{\"enrollmentToken\":"), 400,
                "malformed-request");
        // Android 8.1 cannot enroll by QR code: refused after the token was checked, and the token stays unused.
        assertProblem(enroll(acme, token, 27, "FULLY_MANAGED", "BAD1", ""), 400, "os-version-unsupported");
        assertThat(eventCount()).isEqualTo(before);

        enrolled(enroll(acme, token, 34, "FULLY_MANAGED", "GOOD1", ""));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private ResponseEntity<byte[]> qrPng(String tokenId) {
        return rest.exchange("/api/android/enrollment-tokens/" + tokenId + "/qr.png", HttpMethod.GET,
                new HttpEntity<>(basic(acme + "-admin", "admin-password-1")), byte[].class);
    }

    /** What a browser sends for an image: anything, so a refusal can answer as problem+json. */
    private static HttpHeaders adminAcceptingAnything(String tenant) {
        HttpHeaders headers = basic(tenant + "-admin", "admin-password-1");
        headers.setAccept(List.of(MediaType.IMAGE_PNG, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
        return headers;
    }

    static String decodeQr(byte[] png) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(png)))));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
    }

    private String tenantId(String slug) {
        return jdbc.sql("select tenant_id::text from command_side.tenant_directory where slug = ?").param(slug)
                .query(String.class).single();
    }

    private long deviceEntries() {
        return jdbc.sql("select count(*) from command_side.device_entry").query(Long.class).single();
    }

    private String status(String id) {
        return jdbc.sql("select status from command_side.device_entry where device_id = ?::uuid")
                .param(id).query(String.class).single();
    }

    private JsonNode metadata(String id, String eventType) {
        return readJson(jdbc.sql("select convert_from(metadata, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like ? order by sequencenumber desc limit 1")
                .params(id, "%." + eventType).query(String.class).single());
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
