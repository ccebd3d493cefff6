package org.mdmenroll.command.apple;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.support.testing.apple.MockApns;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.mdmenroll.support.testing.TestPostgres;

import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mdmenroll.support.testing.apple.SignedProfile.value;

/**
 * The whole Apple story through HTTP only, as a device lives it: the user logs in to the app and
 * starts enrolling, the device downloads the signed profile, reads the SCEP payload, gets its
 * identity certificate from the tenant's SCEP endpoint with the profile's one-time challenge, and
 * checks in with signed plists (Authenticate, TokenUpdate) to become ACTIVE; an admin's MDM push
 * then reaches Pushy's MockApnsServer; removing the profile checks the device out. A cancelled
 * install that resumes with its still-valid profile ends enrolled as well.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.public-base-url=https://mdm.example.test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AppleEnrollmentStoryTest extends AppleDeviceRestTest {

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

    private String topic;

    @BeforeEach
    void tenantWithPushCertificate() {
        createTenantsWithAdmins();
        topic = uploadPushCertificate(acme);
    }


    @Test
    void anIphoneEnrollsThroughTheWireProtocolAndAnAdminPushReachesIt() {
        String session = userSession(acme);
        String deviceId = startedDevice(acme, session, "IOS");
        AppleDevice device = installProfile(downloadProfile(acme, session, deviceId), deviceId);

        checkIn(device, CheckInPlists.authenticate(device.udid(), device.serial(), topic, "18.4"));
        byte[] token = HexFormat.of().parseHex("a1".repeat(32));
        String pushMagic = UUID.randomUUID().toString().toUpperCase();
        checkIn(device, CheckInPlists.tokenUpdate(device.udid(), topic, token, pushMagic));
        assertThat(events(deviceId)).containsSubsequence("EnrollmentStarted", "EnrollmentProfileDownloaded",
                "IdentityCertificateIssued", "DeviceAuthenticated", "MdmPushTokenUpdated", "DeviceEnrolled");
        assertThat(payload(deviceId, "DeviceEnrolled").path("pushTopic").asText()).isEqualTo(topic);

        // Enrollment queued the inventory commands and the delivery saga pushed for them: wait for that push.
        Awaitility.await("the push for the inventory commands").atMost(Duration.ofSeconds(30))
                .until(() -> APNS.hasReceived(pushMagic));
        int before = APNS.received().size();
        ResponseEntity<JsonNode> pushed = admin(acme, HttpMethod.POST, "/api/devices/" + deviceId + "/push", null);
        assertThat(pushed.getStatusCode().value()).as(String.valueOf(pushed.getBody())).isEqualTo(200);
        assertThat(APNS.received()).hasSize(before + 1);
        assertThat(APNS.received().get(before).deviceToken()).isEqualTo(HexFormat.of().formatHex(token));
        assertThat(APNS.received().get(before).payload()).isEqualTo("{\"mdm\":\"" + pushMagic + "\"}");

        checkIn(device, CheckInPlists.checkOut(device.udid(), topic));
        assertThat(events(deviceId)).containsSubsequence("MdmPushSent", "DeviceCheckedOut", "MdmCommandCancelled");
        assertThat(storedPayloads(deviceId)).doesNotContain(pushMagic).doesNotContain(HexFormat.of().formatHex(token));
    }

    @Test
    void aMacEnrollsItsUserChannelRecordsTheLoggedInUserAndItsBootstrapTokenIsEscrowed() throws Exception {
        String session = userSession(acme);
        String deviceId = startedDevice(acme, session, "MACOS");
        SignedProfile profile = downloadProfile(acme, session, deviceId);
        assertThat(profile.mdm().containsKey("ServerCapabilities")).as("macOS user channels").isTrue();
        assertThat(value(profile.mdm(), "ServerCapabilities")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ARRAY)
                .contains("com.apple.mdm.per-user-connections", "com.apple.mdm.bootstraptoken");
        AppleDevice mac = installProfile(profile, deviceId);

        checkIn(mac, CheckInPlists.authenticate(mac.udid(), mac.serial(), topic, "15.4"));
        checkIn(mac, CheckInPlists.tokenUpdate(mac.udid(), topic, new byte[]{1, 2, 3, 4}, "magic-device"));
        checkIn(mac, CheckInPlists.userAuthenticate(mac.udid(), "GUID-ANN", "ann"));
        checkIn(mac, CheckInPlists.userTokenUpdate(mac.udid(), topic, new byte[]{5, 6, 7, 8}, "magic-user", "GUID-ANN", "ann"));

        assertThat(events(deviceId)).containsSubsequence("DeviceEnrolled", "MdmPushTokenUpdated",
                "DeviceUserChannelEnrolled");
        assertThat(payload(deviceId, "DeviceUserChannelEnrolled").path("userShortName").asText()).isEqualTo("ann");

        byte[] bootstrapToken = "bootstrap-token-of-the-mac".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        checkIn(mac, CheckInPlists.setBootstrapToken(mac.udid(), bootstrapToken));
        ResponseEntity<byte[]> returned = checkInBytes(mac, CheckInPlists.getBootstrapToken(mac.udid()));
        assertThat(returned.getStatusCode().value()).isEqualTo(200);
        assertThat(((com.dd.plist.NSData) ((com.dd.plist.NSDictionary) com.dd.plist.PropertyListParser.parse(
                returned.getBody())).objectForKey("BootstrapToken")).bytes()).isEqualTo(bootstrapToken);
        assertThat(events(deviceId)).contains("BootstrapTokenEscrowed");
        assertThat(storedPayloads(deviceId)).doesNotContain(java.util.Base64.getEncoder().encodeToString(bootstrapToken));
    }

    @Test
    void aCancelledInstallResumesWithItsStillValidProfileAndEnrolls() {
        String session = userSession(acme);
        String deviceId = startedDevice(acme, session, "IOS");
        SignedProfile profile = downloadProfile(acme, session, deviceId);
        ResponseEntity<JsonNode> cancelled = exchange(bearer(session), HttpMethod.POST,
                "/t/" + acme + "/enrollments/" + deviceId + "/cancel", null);
        assertThat(cancelled.getStatusCode().value()).isEqualTo(204);
        assertThat(events(deviceId)).endsWith("EnrollmentProfileInstallCancelled");

        AppleDevice device = installProfile(profile, deviceId);
        checkIn(device, CheckInPlists.authenticate(device.udid(), device.serial(), topic, "18.4"));
        checkIn(device, CheckInPlists.tokenUpdate(device.udid(), topic, new byte[]{9, 9}, "magic"));

        assertThat(events(deviceId)).containsSubsequence("EnrollmentProfileInstallCancelled", "IdentityCertificateIssued",
                "DeviceAuthenticated", "MdmPushTokenUpdated", "DeviceEnrolled", "MdmCommandQueued");
    }

    private AppleDevice installProfile(SignedProfile profile, String deviceId) {
        assertThat(value(profile.mdm(), "CheckInURL")).isEqualTo("https://mdm.example.test/t/" + acme + "/mdm/checkin");
        assertThat(value(profile.mdm(), "Topic")).isEqualTo(topic);
        return installProfile(acme, profile, deviceId);
    }

    private void checkIn(AppleDevice device, byte[] plist) {
        checkIn(acme, device, plist);
    }

    private ResponseEntity<byte[]> checkInBytes(AppleDevice device, byte[] plist) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set("Mdm-Signature", device.identity().sign(plist));
        return rest.exchange("/t/" + acme + "/mdm/checkin", HttpMethod.PUT,
                new org.springframework.http.HttpEntity<>(plist, headers), byte[].class);
    }
}
