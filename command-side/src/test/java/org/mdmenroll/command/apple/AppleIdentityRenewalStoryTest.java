package org.mdmenroll.command.apple;

import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.ConnectPlists;
import org.mdmenroll.support.testing.apple.MockApns;
import org.mdmenroll.support.testing.apple.SignedProfile;
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
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity certificate inside its renewal window (the renewal window is set longer than a
 * certificate's year here, so the certificate SCEP issues at enrollment is due at once, as one 29
 * days before its expiry would be): the server sends a renewal profile (InstallProfile) over the
 * command channel, the device gets a new certificate with that profile's challenge, and both the new
 * and the earlier certificate are accepted at check-in and connect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.public-base-url=https://mdm.example.test", "mdm.channel.certificate-renewal-before=P400D"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AppleIdentityRenewalStoryTest extends AppleDeviceRestTest {

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
    void aCertificateDueForRenewalIsRenewedOverTheCommandChannel() throws Exception {
        String session = userSession(acme);
        String deviceId = startedDevice(acme, session, "IOS");
        AppleDevice iphone = installProfile(acme, downloadProfile(acme, session, deviceId), deviceId);
        checkIn(acme, iphone, CheckInPlists.authenticate(iphone.udid(), iphone.serial(), topic, "18.4"));
        checkIn(acme, iphone, CheckInPlists.tokenUpdate(iphone.udid(), topic, HexFormat.of().parseHex("c3".repeat(32)),
                "magic-renewal"));
        awaitEvent(deviceId, "IdentityCertificateRenewalRequested");

        NSDictionary install = null;
        for (int connect = 0; connect < 4 && install == null; connect++) {
            NSDictionary answer = connect(iphone, ConnectPlists.idle(iphone.udid()));
            String commandUuid = answer.objectForKey("CommandUUID").toJavaObject().toString();
            NSDictionary command = (NSDictionary) answer.objectForKey("Command");
            if (command.objectForKey("RequestType").toJavaObject().equals("InstallProfile")) {
                install = answer;
            } else {
                connect(iphone, ConnectPlists.acknowledged(iphone.udid(), commandUuid));
            }
        }
        assertThat((Object) install).as("InstallProfile delivered").isNotNull();
        byte[] payload = ((NSData) ((NSDictionary) install.objectForKey("Command")).objectForKey("Payload")).bytes();
        SignedProfile renewal = SignedProfile.read(payload);
        AppleDevice renewed = installProfile(acme, renewal, deviceId);
        connect(renewed, ConnectPlists.acknowledged(iphone.udid(), install.objectForKey("CommandUUID").toJavaObject().toString()));

        assertThat(events(deviceId)).containsSubsequence("IdentityCertificateRenewalRequested", "MdmCommandSent",
                "IdentityCertificateIssued", "MdmCommandAcknowledged");
        assertThat(payload(deviceId, "IdentityCertificateIssued").path("renewal").asBoolean()).isTrue();
        assertThat(renewed.identity().certificate()).isNotEqualTo(iphone.identity().certificate());
        checkIn(acme, renewed, CheckInPlists.tokenUpdate(iphone.udid(), topic, HexFormat.of().parseHex("c3".repeat(32)),
                "magic-renewal"));
        checkIn(acme, iphone, CheckInPlists.tokenUpdate(iphone.udid(), topic, HexFormat.of().parseHex("c3".repeat(32)),
                "magic-renewal"));
        assertThat(storedPayloads(deviceId)).doesNotContain(renewal.challenge());
    }

    private NSDictionary connect(AppleDevice device, byte[] plist) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Mdm-Signature", device.identity().sign(plist));
        ResponseEntity<byte[]> response = rest.exchange("/t/" + acme + "/mdm/server", HttpMethod.PUT,
                new HttpEntity<>(plist, headers), byte[].class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody() == null || response.getBody().length == 0 ? null
                : (NSDictionary) PropertyListParser.parse(response.getBody());
    }

    /** The renewal runs on a persistent deadline of its own: wait until the entry recorded it. */
    private void awaitEvent(String deviceId, String type) {
        Awaitility.await(type).atMost(Duration.ofSeconds(30)).until(() -> events(deviceId).contains(type));
    }
}
