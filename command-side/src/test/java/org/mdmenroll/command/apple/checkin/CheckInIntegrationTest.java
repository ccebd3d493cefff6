package org.mdmenroll.command.apple.checkin;

import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.CheckInSigner;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.IdentityCertificateOutcome;
import org.mdmenroll.command.device.DeviceCommands.IssueIdentityCertificate;
import org.mdmenroll.support.testing.apple.MockApns;
import org.mdmenroll.events.DeviceId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.mdmenroll.support.testing.TestPostgres;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check-in endpoint with identity certificates the tenant CA issued: Authenticate, TokenUpdate
 * (which enrolls the device and lets an admin push it through MockApnsServer), the macOS user
 * channel, CheckOut; and every way a check-in is refused — each leaving no event behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.checkin.client-certificate-header=X-Client-Cert"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CheckInIntegrationTest extends CommandSideRestTest {

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
    CommandGateway commands;

    private String topic;

    @BeforeEach
    void tenantsWithPushCertificates() {
        createTenantsWithAdmins();
        topic = installPushCertificate(acme, Instant.now().plus(Duration.ofDays(365))).topic();
        installPushCertificate(globex, Instant.now().plus(Duration.ofDays(365)));
    }

    /** An Apple device with the identity certificate the tenant's CA issued for its profile. */
    record Device(DeviceId id, String udid, String serial, CheckInSigner signer) {
    }

    @Test
    void authenticateAndTokenUpdateEnrollTheDeviceWhichAnAdminCanThenPush() {
        Device device = enrolling(acme, "IOS", "18.4");
        byte[] token = HexFormat.of().parseHex("c0ffee".repeat(10) + "0123");
        String pushMagic = UUID.randomUUID().toString().toUpperCase();

        assertThat(checkIn(acme, device, CheckInPlists.authenticate(device.udid(), device.serial(), topic, "18.4"))
                .getStatusCode().value()).isEqualTo(200);
        assertThat(events(device.id())).endsWith("DeviceAuthenticated");
        assertThat(checkIn(acme, device, CheckInPlists.tokenUpdate(device.udid(), topic, token, pushMagic))
                .getStatusCode().value()).isEqualTo(200);
        assertThat(events(device.id())).containsSubsequence("MdmPushTokenUpdated", "DeviceEnrolled", "MdmCommandQueued");
        assertThat(storedPayloads(device.id())).doesNotContain(pushMagic).doesNotContain(HexFormat.of().formatHex(token))
                .doesNotContain(Base64.getEncoder().encodeToString(token)).doesNotContain("unlock-token-secret")
                .contains(device.udid()).contains("iPhone17,2");

        int before = APNS.received().size();
        ResponseEntity<JsonNode> pushed = admin(acme, HttpMethod.POST, "/api/devices/" + device.id() + "/push", null);
        assertThat(pushed.getStatusCode().value()).as(String.valueOf(pushed.getBody())).isEqualTo(200);
        MockApns.Received received = APNS.received().get(before);
        assertThat(received.deviceToken()).isEqualTo(HexFormat.of().formatHex(token));
        assertThat(received.payload()).isEqualTo("{\"mdm\":\"" + pushMagic + "\"}");
        assertThat(received.headers()).containsEntry("apns-topic", topic);

        assertThat(checkIn(acme, device, CheckInPlists.checkOut(device.udid(), topic)).getStatusCode().value())
                .isEqualTo(200);
        assertThat(events(device.id())).containsSubsequence("DeviceCheckedOut", "MdmCommandCancelled");
    }

    @Test
    void aMacUserChannelRecordsItsUserAfterAnEmptyDigestChallenge() {
        Device mac = enrolling(acme, "MACOS", "15.4");
        checkIn(acme, mac, CheckInPlists.authenticate(mac.udid(), mac.serial(), topic, "15.4"));
        checkIn(acme, mac, CheckInPlists.tokenUpdate(mac.udid(), topic, new byte[]{1, 2, 3}, "magic-device"));

        ResponseEntity<byte[]> challenge = rest.exchange("/t/" + acme + "/mdm/checkin", HttpMethod.PUT,
                signed(mac, CheckInPlists.userAuthenticate(mac.udid(), "GUID-JANE", "jane")), byte[].class);
        assertThat(challenge.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(challenge.getBody(), StandardCharsets.UTF_8))
                .contains("<key>DigestChallenge</key>").contains("<string></string>");
        checkIn(acme, mac, CheckInPlists.userTokenUpdate(mac.udid(), topic, new byte[]{4, 5, 6}, "magic-user",
                "GUID-JANE", "jane"));

        assertThat(events(mac.id())).containsSubsequence("DeviceEnrolled", "MdmPushTokenUpdated",
                "DeviceUserChannelEnrolled");
        assertThat(storedPayloads(mac.id())).contains("GUID-JANE").contains("jane").doesNotContain("magic-user");
    }

    @Test
    void aTrustedProxyMayPassTheClientCertificateInstead() throws Exception {
        Device device = enrolling(acme, "IOS", "18.4");
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(device.signer().certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(CheckInController.CHECK_IN));
        headers.set("X-Client-Cert", URLEncoder.encode(pem, StandardCharsets.US_ASCII));

        ResponseEntity<JsonNode> response = rest.exchange("/t/" + acme + "/mdm/checkin", HttpMethod.PUT,
                new HttpEntity<>(CheckInPlists.authenticate(device.udid(), device.serial(), topic, "18.4"), headers),
                JsonNode.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(events(device.id())).endsWith("DeviceAuthenticated");
    }

    @Test
    void refusedCheckInsAreProblemsAndRecordNothing() {
        Device device = enrolling(acme, "IOS", "18.4");
        Device other = enrolling(acme, "IOS", "18.4");
        checkIn(acme, device, CheckInPlists.authenticate(device.udid(), device.serial(), topic, "18.4"));
        checkIn(acme, other, CheckInPlists.authenticate(other.udid(), other.serial(), topic, "18.4"));
        byte[] authenticate = CheckInPlists.authenticate(device.udid(), device.serial(), topic, "18.4");
        long before = eventCount();

        // Bad input: 400.
        assertProblem(checkIn(acme, device, "<plist><dict><key>MessageType".getBytes(StandardCharsets.UTF_8)), 400,
                "malformed-check-in");
        assertProblem(checkIn(acme, device, CheckInPlists.plist("<key>UDID</key><string>" + device.udid() + "</string>")),
                400, "malformed-check-in");
        assertProblem(checkIn(acme, device, CheckInPlists.plist("<key>MessageType</key><string>TokenUpdate</string>"
                + "<key>UDID</key><string>" + device.udid() + "</string><key>Topic</key><string>" + topic + "</string>")),
                400, "malformed-check-in");
        assertProblem(raw(acme, "%%%not-base64%%%", authenticate), 400, "malformed-signature");
        assertProblem(raw(acme, Base64.getEncoder().encodeToString("not cms".getBytes(StandardCharsets.UTF_8)),
                authenticate), 400, "malformed-signature");
        HttpHeaders badProxy = new HttpHeaders();
        badProxy.set("X-Client-Cert", "not-a-certificate");
        assertProblem(rest.exchange("/t/" + acme + "/mdm/checkin", HttpMethod.PUT,
                new HttpEntity<>(authenticate, badProxy), JsonNode.class), 400, "malformed-client-certificate");
        assertProblem(checkIn("no-such-tenant", device, authenticate), 404, "unknown-tenant");

        // Not this device, or no device of the tenant: 401.
        assertProblem(raw(acme, null, authenticate), 401, "unsigned-check-in");
        assertProblem(raw(acme, device.signer().sign(CheckInPlists.checkOut(device.udid(), topic)), authenticate), 401,
                "invalid-signature");
        Device selfSigned = new Device(device.id(), device.udid(), device.serial(), CheckInSigner.selfSigned(device.udid()));
        assertProblem(checkIn(acme, selfSigned, authenticate), 401, "unknown-identity-certificate");
        assertProblem(checkIn(globex, device, authenticate), 401, "unknown-identity-certificate");
        assertProblem(checkIn(acme, other, authenticate), 401, "device-identity-mismatch");
        assertProblem(checkIn(acme, other, CheckInPlists.tokenUpdate(device.udid(), topic, new byte[]{1}, "m")), 401,
                "device-identity-mismatch");
        assertProblem(checkIn(acme, device, CheckInPlists.authenticate("OTHER-UDID", device.serial(), topic, "18.4")),
                401, "device-identity-mismatch");

        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aTokenUpdateBeforeAuthenticateIsAConflict() {
        Device device = enrolling(acme, "IOS", "18.4");
        long before = eventCount();

        assertProblem(checkIn(acme, device, CheckInPlists.tokenUpdate(device.udid(), topic, new byte[]{1}, "m")), 409,
                "authenticate-first");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * A device whose profile was downloaded and whose CSR got an identity certificate from the
     * tenant's CA — what the signed profile and SCEP give a real device.
     */
    private Device enrolling(String tenant, String platform, String osVersion) {
        HttpHeaders bearer = enrollingUser(tenant);
        DeviceId id = startAppleEnrollment(tenant, bearer, platform, osVersion);
        String challengeHash = HexFormat.of().formatHex(sha256(UUID.randomUUID().toString()));
        commands.sendAndWait(new DownloadProfile(id, Duration.ofMinutes(10), challengeHash));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + id), key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERPrintableString("unused"))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())).getEncoded();
            IdentityCertificateOutcome outcome = commands.sendAndWait(new IssueIdentityCertificate(id, challengeHash, csr));
            assertThat(outcome.issued()).as(String.valueOf(outcome.refusal())).isTrue();
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(outcome.certificate()));
            String udid = "00008110-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
            return new Device(id, udid, "F2L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                    new CheckInSigner(key.getPrivate(), certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ResponseEntity<JsonNode> checkIn(String tenant, Device device, byte[] body) {
        return rest.exchange("/t/" + tenant + "/mdm/checkin", HttpMethod.PUT, signed(device, body), JsonNode.class);
    }

    private ResponseEntity<JsonNode> raw(String tenant, String signature, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(CheckInController.CHECK_IN));
        if (signature != null) {
            headers.set("Mdm-Signature", signature);
        }
        return rest.exchange("/t/" + tenant + "/mdm/checkin", HttpMethod.PUT, new HttpEntity<>(body, headers),
                JsonNode.class);
    }

    private static HttpEntity<byte[]> signed(Device device, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(CheckInController.CHECK_IN));
        headers.set("Mdm-Signature", device.signer().sign(body));
        return new HttpEntity<>(body, headers);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
