package org.mdmenroll.command.apple;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.command.credential.FakeAppleBusinessManager;
import org.mdmenroll.support.testing.TestPostgres;
import org.mdmenroll.support.testing.apple.ConnectPlists;
import org.mdmenroll.support.testing.apple.MockApns;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done": after the admin uploads the ADE token and sets its default profile, a
 * factory-new iPhone of the tenant's Apple Business Manager enrolls with no further admin action.
 * The schedule syncs the token by itself, the default profile is assigned to the new device at
 * Apple (a local fake), and the device, switched on, gets its profile, enrolls, and is released
 * from Setup Assistant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.public-base-url=https://mdm.example.test", "mdm.ade.first-sync-delay=PT8S",
        "mdm.ade.sync-interval=PT1H", "db-scheduler.polling-interval=500ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AdeZeroTouchStoryTest extends AdeDeviceRestTest {

    private static final String SERIAL = "F2LXZERO0001";
    private static final MockApns APNS = MockApns.start(AppleTestCertificates.caCertificatePem());
    private static final FakeAppleBusinessManager ABM = FakeAppleBusinessManager.start().withDevices(SERIAL);
    /** Its own database: its schedule syncs this test's token only. */
    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registerAdeStory(registry, DATABASE, APNS, ABM);
    }

    @AfterAll
    static void stop() {
        APNS.close();
        ABM.close();
    }

    @Test
    void aFactoryNewIphoneEnrollsWithNoAdminActionAfterTheTokenAndItsDefaultProfile() {
        createTenantsWithAdmins();
        topic = uploadPushCertificate(acme);
        String tokenId = adeToken(acme);
        String ade = "/api/apple/ade/tokens/" + tokenId;
        ResponseEntity<JsonNode> defined = admin(acme, HttpMethod.POST, ade + "/profiles", """
                {"profileName": "Acme ADE", "supervised": true, "mandatory": true, "mdmRemovable": false,
                 "awaitDeviceConfigured": true}""");
        assertThat(defined.getStatusCode().value()).as(String.valueOf(defined.getBody())).isEqualTo(201);
        String profileUuid = defined.getBody().path("profileUuid").asText();
        assertThat(admin(acme, HttpMethod.PUT, ade + "/default-profile", "{\"profileUuid\": \"" + profileUuid + "\"}")
                .getStatusCode().value()).isEqualTo(200);

        // Apple assigns the default inside the scheduled sync; once that sync's events are committed,
        // the device (switched on later, as a real one is) may enroll.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "select count(*) from eventstore.domainevententry where aggregateidentifier = ?"
                                + " and payloadtype like '%.AdeProfileAssigned'")
                .param(tokenId).query(Long.class).single() > 0);
        assertThat(ABM.profileOf(SERIAL)).as("the default profile, assigned at Apple").isEqualTo(profileUuid);

        String udid = udid();
        ResponseEntity<byte[]> answer = post(iphone(SERIAL, udid, "18.4", true));
        assertThat(answer.getStatusCode().value()).as(text(answer)).isEqualTo(200);
        String deviceId = entryOf(SERIAL).get(0);
        AppleDevice iphone = enroll(deviceId, SignedProfile.read(answer.getBody()), udid, SERIAL, true);

        Answer information = connect(iphone, ConnectPlists.idle(udid));
        Answer security = connect(iphone, ConnectPlists.deviceInformation(udid, information.commandUuid(), SERIAL));
        Answer configured = connect(iphone, ConnectPlists.securityInfo(udid, security.commandUuid()));
        assertThat(configured.requestType()).isEqualTo("DeviceConfigured");
        assertThat(connect(iphone, ConnectPlists.acknowledged(udid, configured.commandUuid())).body()).isEmpty();
        assertThat(jdbc.sql("select status from device_entry where device_id = ?::uuid").param(deviceId)
                .query(String.class).single()).isEqualTo("ACTIVE");
    }
}
