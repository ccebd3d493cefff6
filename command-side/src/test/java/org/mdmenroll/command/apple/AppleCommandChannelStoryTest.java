package org.mdmenroll.command.apple;

import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.ConnectPlists;
import org.mdmenroll.support.testing.apple.MockApns;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.mdmenroll.support.testing.TestPostgres;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command channel as an enrolled iPhone lives it, through HTTP only: after its TokenUpdate the
 * server asks for its inventory and pushes it; the device connects to the profile's ServerURL (no
 * Content-Type, SHA-1 signatures, as older clients and simulators send), answers NotNow once and
 * then each command; an admin's wipe, retire and delete reach it and its status follows its answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.public-base-url=https://mdm.example.test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AppleCommandChannelStoryTest extends AppleDeviceRestTest {

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

    /** A connect's answer: the command it hands out (null for an empty body). */
    private record Answer(int status, String commandUuid, NSDictionary command, String body) {
        String requestType() {
            return command == null ? null : command.objectForKey("RequestType").toJavaObject().toString();
        }
    }

    @Test
    void anEnrolledIphoneIsAskedForItsInventoryAndAnswersNotNowThenEachCommand() {
        String pushMagic = "magic-" + UUID.randomUUID();
        AppleDevice iphone = enrolledIphone(pushMagic);
        assertThat(events(iphone.id())).endsWith("DeviceEnrolled", "MdmCommandQueued", "MdmCommandQueued");
        awaitPushWith(pushMagic);

        Answer first = connect(iphone, ConnectPlists.idle(iphone.udid()));
        assertThat(first.requestType()).isEqualTo("DeviceInformation");
        assertThat(first.command().objectForKey("Queries").toJavaObject(Object[].class)).contains("SerialNumber", "UDID");

        Answer notNow = connect(iphone, ConnectPlists.notNow(iphone.udid(), first.commandUuid()));
        assertThat(notNow.status()).isEqualTo(200);
        assertThat(notNow.body()).as("no more commands on a NotNow connection").isEmpty();

        Answer again = connect(iphone, ConnectPlists.idle(iphone.udid()));
        assertThat(again.commandUuid()).as("the NotNow command is sent again").isEqualTo(first.commandUuid());

        Answer security = connect(iphone, ConnectPlists.deviceInformation(iphone.udid(), again.commandUuid(), iphone.serial()));
        assertThat(security.requestType()).isEqualTo("SecurityInfo");
        Answer done = connect(iphone, ConnectPlists.securityInfo(iphone.udid(), security.commandUuid()));
        assertThat(done.body()).isEmpty();

        assertThat(events(iphone.id())).endsWith("MdmCommandSent", "MdmCommandNotNow", "MdmCommandSent",
                "MdmCommandAcknowledged", "DeviceInformationReported", "MdmCommandSent", "MdmCommandAcknowledged",
                "SecurityInfoReported");
        JsonNode inventory = payload(iphone.id(), "DeviceInformationReported").path("inventory");
        assertThat(inventory.path("serialNumber").asText()).isEqualTo(iphone.serial());
        assertThat(inventory.path("deviceCapacityGb").asDouble()).isEqualTo(128.0);
        assertThat(payload(iphone.id(), "SecurityInfoReported").path("security").path("passcodePresent").asBoolean()).isTrue();
        assertThat(payload(iphone.id(), "MdmCommandSent").path("attempt").asInt()).isEqualTo(1);
        assertThat(storedPayloads(iphone.id())).doesNotContain(pushMagic);
        assertThat(jdbc.sql("""
                        select convert_from(metadata, 'UTF8') from eventstore.domainevententry
                        where aggregateidentifier = ? and payloadtype like '%.MdmCommandAcknowledged'""")
                .param(iphone.id()).query(String.class).list())
                .as("the device's answers are the device's doing").isNotEmpty()
                .allSatisfy(metadata -> assertThat(metadata).contains("\"actorType\":\"DEVICE\"")
                        .contains(iphone.id()));
    }

    @Test
    void aWipeIsPendingUntilTheDeviceAcknowledgesEraseDeviceThenTheDeviceIsNoLongerManaged() {
        AppleDevice iphone = answeredInventory(enrolledIphone("magic-wipe"));

        ResponseEntity<JsonNode> wipe = admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/wipe",
                "{\"preserveDataPlan\":true}");
        assertThat(wipe.getStatusCode().value()).as(String.valueOf(wipe.getBody())).isEqualTo(200);
        assertThat(wipe.getBody().path("status").asText()).isEqualTo("WIPE_PENDING");
        String commandUuid = wipe.getBody().path("commandUuid").asText();

        Answer erase = connect(iphone, ConnectPlists.idle(iphone.udid()));
        assertThat(erase.commandUuid()).isEqualTo(commandUuid);
        assertThat(erase.requestType()).isEqualTo("EraseDevice");
        assertThat(erase.command().objectForKey("PreserveDataPlan").toJavaObject()).isEqualTo(true);
        assertThat(connect(iphone, ConnectPlists.acknowledged(iphone.udid(), commandUuid)).body()).isEmpty();

        assertThat(events(iphone.id())).endsWith("DeviceActionRequested", "MdmCommandSent", "MdmCommandAcknowledged",
                "DeviceWiped");
        assertThat(connect(iphone, ConnectPlists.idle(iphone.udid())).status()).isEqualTo(401);
    }

    @Test
    void aWipeTheDeviceRefusesReturnsTheEntryToActiveWithTheError() {
        AppleDevice iphone = answeredInventory(enrolledIphone("magic-refused"));
        String commandUuid = admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/wipe", null)
                .getBody().path("commandUuid").asText();

        connect(iphone, ConnectPlists.idle(iphone.udid()));
        connect(iphone, ConnectPlists.error(iphone.udid(), commandUuid, 12021, "Unsupported command"));

        assertThat(events(iphone.id())).endsWith("MdmCommandFailed", "DeviceActionReverted");
        JsonNode reverted = payload(iphone.id(), "DeviceActionReverted");
        assertThat(reverted.path("restoredStatus").asText()).isEqualTo("ACTIVE");
        assertThat(reverted.path("detail").asText()).contains("Unsupported command", "12021");
        assertThat(payload(iphone.id(), "MdmCommandFailed").path("errorChain").get(0).path("code").asInt())
                .isEqualTo(12021);
    }

    @Test
    void aRetireEndsWithTheDevicesCheckOut() {
        AppleDevice iphone = answeredInventory(enrolledIphone("magic-retire"));
        ResponseEntity<JsonNode> retire = admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/retire", null);
        assertThat(retire.getBody().path("status").asText()).isEqualTo("RETIRE_PENDING");

        Answer remove = connect(iphone, ConnectPlists.idle(iphone.udid()));
        assertThat(remove.requestType()).isEqualTo("RemoveProfile");
        assertThat(remove.command().objectForKey("Identifier").toJavaObject())
                .isEqualTo(acme + ".mdm.example.com.mdm.enrollment");
        checkIn(acme, iphone, CheckInPlists.checkOut(iphone.udid(), topic));

        assertThat(events(iphone.id())).endsWith("MdmCommandSent", "DeviceCheckedOut", "MdmCommandCancelled",
                "DeviceRetired");
        assertThat(payload(iphone.id(), "MdmCommandCancelled").path("reason").asText()).isEqualTo("LEFT_MANAGEMENT");
    }

    @Test
    void aDeletedEntrysDeviceIsAnswered401AtConnectAndCheckIn() {
        AppleDevice iphone = enrolledIphone("magic-delete");
        assertThat(admin(acme, HttpMethod.DELETE, "/api/devices/" + iphone.id(), null).getStatusCode().value())
                .isEqualTo(200);
        long before = recordedBesidesPushes();

        Answer connect = connect(iphone, ConnectPlists.idle(iphone.udid()));
        assertThat(connect.status()).isEqualTo(401);
        assertThat(connect.body()).contains("device-not-managed");
        assertThat(checkInResponse(acme, iphone, CheckInPlists.tokenUpdate(iphone.udid(), topic, new byte[]{1}, "m"))
                .getStatusCode().value()).isEqualTo(401);
        assertThat(recordedBesidesPushes()).isEqualTo(before);
        assertThat(events(iphone.id())).contains("MdmCommandCancelled").endsWith("DeviceDeleted", "MdmCommandCancelled",
                "MdmCommandCancelled");
    }

    @Test
    void anAdminsCommandIsDeliveredAndOneNotYetDeliveredCanBeTakenBack() {
        AppleDevice iphone = answeredInventory(enrolledIphone("magic-admin"));
        ResponseEntity<JsonNode> lock = admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/commands",
                "{\"requestType\":\"DeviceLock\",\"message\":\"Lost: call 0123\"}");
        assertThat(lock.getStatusCode().value()).as(String.valueOf(lock.getBody())).isEqualTo(202);
        ResponseEntity<JsonNode> restart = admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/commands",
                "{\"requestType\":\"RestartDevice\"}");
        String restartUuid = restart.getBody().path("commandUuid").asText();

        Answer locked = connect(iphone, ConnectPlists.idle(iphone.udid()));
        assertThat(locked.requestType()).isEqualTo("DeviceLock");
        assertThat(locked.command().objectForKey("Message").toJavaObject()).isEqualTo("Lost: call 0123");
        ResponseEntity<JsonNode> tooLate = admin(acme, HttpMethod.DELETE,
                "/api/devices/" + iphone.id() + "/commands/" + locked.commandUuid(), null);
        assertProblem(tooLate, 409, "command-already-delivered");
        assertThat(admin(acme, HttpMethod.DELETE, "/api/devices/" + iphone.id() + "/commands/" + restartUuid, null)
                .getStatusCode().value()).isEqualTo(204);

        assertThat(connect(iphone, ConnectPlists.acknowledged(iphone.udid(), locked.commandUuid())).body())
                .as("the taken-back restart is not delivered").isEmpty();
        assertThat(payload(iphone.id(), "MdmCommandCancelled").path("reason").asText()).isEqualTo("ADMIN");
    }

    @Test
    void anAdminsBadCommandIsRefusedAndNothingIsRecorded() {
        AppleDevice iphone = answeredInventory(enrolledIphone("magic-bad"));
        long before = recordedBesidesPushes();

        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/commands",
                "{\"requestType\":\"EraseDevice\"}"), 400, "unknown-request-type");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/commands",
                "{\"requestType\":\"DeviceLock\",\"pin\":\"123456\"}"), 400, "pin-macos-only");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + iphone.id() + "/wipe",
                "{\"pin\":\"12\"}"), 400, "pin-macos-only");
        assertProblem(admin(globex, HttpMethod.POST, "/api/devices/" + iphone.id() + "/commands",
                "{\"requestType\":\"RestartDevice\"}"), 404, "unknown-device");
        assertThat(recordedBesidesPushes()).isEqualTo(before);
    }

    @Test
    void malformedConnectsAreRefusedAndRecordNothing() {
        AppleDevice iphone = enrolledIphone("magic-malformed");
        long before = recordedBesidesPushes();

        assertThat(connect(iphone, "not a plist".getBytes(StandardCharsets.UTF_8)).body()).contains("malformed-connect");
        assertThat(connect(iphone, ConnectPlists.plistOf("<key>UDID</key><string>" + iphone.udid() + "</string>"))
                .status()).isEqualTo(400);
        assertThat(connect(iphone, ConnectPlists.plistOf("<key>UDID</key><string>" + iphone.udid()
                + "</string><key>Status</key><string>Acknowledged</string>")).status()).isEqualTo(400);
        byte[] idle = ConnectPlists.idle(iphone.udid());
        assertThat(rest.exchange("/t/" + acme + "/mdm/server", HttpMethod.PUT, new HttpEntity<>(idle), String.class)
                .getStatusCode().value()).as("unsigned").isEqualTo(401);
        assertThat(connect(iphone, ConnectPlists.idle("OTHER-UDID")).status()).as("other hardware").isEqualTo(401);
        assertThat(recordedBesidesPushes()).isEqualTo(before);
    }

    @Test
    void aResultForACommandTheDeviceWasNeverSentIsRecordedOnce() {
        AppleDevice iphone = answeredInventory(enrolledIphone("magic-unknown"));
        String stranger = UUID.randomUUID().toString();

        connect(iphone, ConnectPlists.acknowledged(iphone.udid(), stranger));
        connect(iphone, ConnectPlists.acknowledged(iphone.udid(), stranger));

        assertThat(events(iphone.id()).stream().filter("MdmUnexpectedResult"::equals)).hasSize(1);
        assertThat(payload(iphone.id(), "MdmUnexpectedResult").path("commandUuid").asText()).isEqualTo(stranger);
    }

    /**
     * Everything recorded but the push outcomes: the delivery saga pushes on a schedule of its own,
     * so those may land at any moment; a refused request must have recorded nothing else.
     */
    private long recordedBesidesPushes() {
        return jdbc.sql("select count(*) from eventstore.domainevententry where payloadtype not like '%.MdmPush%'")
                .query(Long.class).single();
    }

    /** An iPhone through the profile, SCEP, Authenticate and TokenUpdate: ACTIVE with its inventory queued. */
    private AppleDevice enrolledIphone(String pushMagic) {
        String session = userSession(acme);
        String deviceId = startedDevice(acme, session, "IOS");
        AppleDevice iphone = installProfile(acme, downloadProfile(acme, session, deviceId), deviceId);
        checkIn(acme, iphone, CheckInPlists.authenticate(iphone.udid(), iphone.serial(), topic, "18.4"));
        checkIn(acme, iphone, CheckInPlists.tokenUpdate(iphone.udid(), topic, HexFormat.of().parseHex("b2".repeat(32)),
                pushMagic));
        return iphone;
    }

    /** The device answers the inventory commands queued at enrollment, so what follows is the test's own. */
    private AppleDevice answeredInventory(AppleDevice iphone) {
        Answer info = connect(iphone, ConnectPlists.idle(iphone.udid()));
        Answer security = connect(iphone, ConnectPlists.deviceInformation(iphone.udid(), info.commandUuid(), iphone.serial()));
        assertThat(connect(iphone, ConnectPlists.securityInfo(iphone.udid(), security.commandUuid())).body()).isEmpty();
        return iphone;
    }

    /** PUT to the ServerURL as a device does: no Content-Type, signed with SHA-1. */
    private Answer connect(AppleDevice device, byte[] plist) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Mdm-Signature", device.identity().sign(plist, "SHA1withRSA"));
        ResponseEntity<byte[]> response = rest.exchange("/t/" + acme + "/mdm/server", HttpMethod.PUT,
                new HttpEntity<>(plist, headers), byte[].class);
        String body = response.getBody() == null ? "" : new String(response.getBody(), StandardCharsets.UTF_8);
        if (response.getStatusCode().value() != 200 || body.isEmpty()) {
            return new Answer(response.getStatusCode().value(), null, null, body);
        }
        try {
            NSDictionary plistAnswer = (NSDictionary) PropertyListParser.parse(response.getBody());
            return new Answer(200, plistAnswer.objectForKey("CommandUUID").toJavaObject().toString(),
                    (NSDictionary) plistAnswer.objectForKey("Command"), body);
        } catch (Exception e) {
            throw new AssertionError("not a command plist: " + body, e);
        }
    }

    /** The delivery saga pushes at once after queuing, on a deadline of its own: wait for MockApnsServer to have it. */
    private static void awaitPushWith(String pushMagic) {
        Awaitility.await("a push with the device's PushMagic").atMost(Duration.ofSeconds(30))
                .until(() -> APNS.hasReceived(pushMagic));
    }
}
