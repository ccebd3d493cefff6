package org.mdmenroll.command.push;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.command.device.DeviceCommands.RecordCheckInAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.testing.apple.MockApns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.mdmenroll.support.testing.TestPostgres;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MDM pushes reach Pushy's MockApnsServer over TLS with the tenant's push certificate as client
 * certificate: topic from its UID, payload exactly {"mdm":"<PushMagic>"}, push type mdm, an expiry.
 * An expired push certificate sends nothing and the device records why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MdmPushIntegrationTest extends CommandSideRestTest {

    private static final MockApns APNS = MockApns.start(AppleTestCertificates.caCertificatePem());
    /** Its own database: the delivery saga pushes on deadlines, and no other test\'s context may run them. */
    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();

    @DynamicPropertySource
    static void apns(DynamicPropertyRegistry registry) {
        TestPostgres.registerSeparate(registry, DATABASE);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 8);
        APNS.register(registry);
    }

    @AfterAll
    static void stop() {
        APNS.close();
    }

    @Autowired
    DeviceEnrollments enrollments;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    SecretBox secrets;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
    }

    @Test
    void aPushReachesApnsWithTheTenantsCertificateTopicAndPushMagic() {
        AppleTestCertificates.Issued certificate = installPushCertificate(acme, Instant.now().plus(Duration.ofDays(365)));
        String token = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 64);
        String pushMagic = UUID.randomUUID().toString().toUpperCase();
        DeviceId device = checkedInDevice(acme, certificate.topic(), token, pushMagic);
        int before = APNS.received().size();

        ResponseEntity<JsonNode> pushed = admin(acme, HttpMethod.POST, "/api/devices/" + device + "/push", null);
        assertThat(pushed.getStatusCode().value()).as(String.valueOf(pushed.getBody())).isEqualTo(200);

        assertThat(APNS.received()).hasSize(before + 1);
        MockApns.Received received = APNS.received().get(before);
        assertThat(received.deviceToken()).isEqualTo(token);
        assertThat(received.payload()).isEqualTo("{\"mdm\":\"" + pushMagic + "\"}");
        assertThat(received.headers()).containsEntry("apns-topic", certificate.topic())
                .containsEntry("apns-push-type", "mdm");
        assertThat(Long.parseLong(received.headers().get("apns-expiration")))
                .as("offline devices still get it").isGreaterThan(Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(pushed.getBody().path("apnsId").asText()).isNotBlank();
        assertThat(events(device)).endsWith("MdmPushSent");
        assertThat(storedPayloads(device)).doesNotContain(pushMagic).doesNotContain(token);
    }

    @Test
    void aCertificateImportedFromAnotherMdmPushesWithItsOwnKeyAndTopic() {
        AppleTestCertificates.WithKey brought = AppleTestCertificates.withOwnKey(UUID.randomUUID(),
                Instant.now().minus(Duration.ofDays(200)), Instant.now().plus(Duration.ofDays(165)));
        ResponseEntity<JsonNode> imported = adminUploadFiles(acme, "/api/apple/push-certificate/import",
                java.util.Map.of("pkcs12", brought.pkcs12("from the old MDM")),
                java.util.Map.of("password", "from the old MDM"));
        assertThat(imported.getStatusCode().value()).as(String.valueOf(imported.getBody())).isEqualTo(200);
        String token = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 64);
        String pushMagic = UUID.randomUUID().toString().toUpperCase();
        // A device of the old MDM keeps its topic: it checks in here with it.
        DeviceId device = checkedInDevice(acme, brought.certificate().topic(), token, pushMagic);
        int before = APNS.received().size();

        ResponseEntity<JsonNode> pushed = admin(acme, HttpMethod.POST, "/api/devices/" + device + "/push", null);
        assertThat(pushed.getStatusCode().value()).as(String.valueOf(pushed.getBody())).isEqualTo(200);

        assertThat(APNS.received()).hasSize(before + 1);
        MockApns.Received received = APNS.received().get(before);
        assertThat(received.deviceToken()).isEqualTo(token);
        assertThat(received.payload()).isEqualTo("{\"mdm\":\"" + pushMagic + "\"}");
        assertThat(received.headers()).containsEntry("apns-topic", brought.certificate().topic());
        assertThat(events(device)).endsWith("MdmPushSent");
    }

    @Test
    void anExpiredPushCertificateSendsNothingAndTheDeviceRecordsWhy() {
        Instant notAfter = Instant.now().plusSeconds(3);
        AppleTestCertificates.Issued certificate = installPushCertificate(globex, notAfter);
        DeviceId device = checkedInDevice(globex, certificate.topic(), "ab".repeat(32), "magic-" + run);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(notAfter));
        int before = APNS.received().size();

        assertProblem(exchange(basic(globex + "-admin", "admin-password-1"), HttpMethod.POST,
                "/api/devices/" + device + "/push", null), 409, "push-certificate-expired");

        assertThat(APNS.received()).hasSize(before);
        assertThat(events(device)).endsWith("MdmPushFailed");
        assertThat(storedPayloads(device)).contains("push-certificate-expired");
    }

    @Test
    void aDeviceThatNeverSentItsTokenCannotBePushed() {
        installPushCertificate(acme, Instant.now().plus(Duration.ofDays(365)));
        DeviceId device = startedIosDevice(acme);
        // The device's own events: other tests' credentials expire and are recorded meanwhile.
        List<String> before = events(device);
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + device + "/push", null), 409,
                "no-mdm-push-channel");
        assertThat(events(device)).isEqualTo(before);
        assertProblem(admin(globex, HttpMethod.POST, "/api/devices/" + device + "/push", null), 404, "unknown-device");
    }

    private DeviceId startedIosDevice(String tenant) {
        HttpHeaders bearer = enrollingUser(tenant);
        DeviceId device = startAppleEnrollment(tenant, bearer, "IOS", "17.4");
        ResponseEntity<byte[]> profile = rest.exchange("/t/" + tenant + "/enrollments/" + device + "/profile",
                HttpMethod.GET, new HttpEntity<>(bearer), byte[].class);
        assertThat(profile.getStatusCode().value()).isEqualTo(200);
        return device;
    }

    /** A device that authenticated and sent its token at check-in, as the check-in endpoint records it. */
    private DeviceId checkedInDevice(String tenant, String topic, String tokenHex, String pushMagic) {
        DeviceId device = startedIosDevice(tenant);
        TenantId tenantId = tenants.requireBySlug(tenant).tenantId();
        String udid = "00008110-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        enrollments.checkInAuthenticate(tenantId, new RecordCheckInAuthenticate(device, udid, null, "F2L" + run,
                "iPhone14,5", "iPhone", "iPhone14,5", "17.4", "21E219", "Pat's iPhone"));
        enrollments.checkInTokenUpdate(tenantId, new UpdateMdmPushToken(device, null, null, null, topic,
                secrets.seal(SecretPurpose.MDM_PUSH_TOKEN, tokenHex), secrets.seal(SecretPurpose.MDM_PUSH_MAGIC, pushMagic), null));
        assertThat(events(device)).contains("DeviceEnrolled");
        // Enrolling queued the inventory commands, and the delivery saga pushes for them on its own:
        // wait for that push's outcome, so what a test pushes afterwards is its own.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> events(device).stream().anyMatch(type -> type.startsWith("MdmPush")));
        return device;
    }
}
