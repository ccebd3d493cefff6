package org.mdmenroll.command.apple;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.Browser;
import org.mdmenroll.command.apple.ade.TestAppleDevices;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.command.credential.FakeAppleBusinessManager;
import org.mdmenroll.support.testing.TestPostgres;
import org.mdmenroll.support.testing.apple.ConnectPlists;
import org.mdmenroll.support.testing.apple.MockApns;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automated Device Enrollment as a factory-new iPhone of the tenant's Apple Business Manager lives
 * it, through HTTP only: the admin uploads the ADE token and the server syncs its devices from
 * Apple (a local fake); Setup Assistant posts the MachineInfo, signed by a test "Apple" chain the
 * service is told to trust, and gets the signed profile; SCEP; check-in with AwaitingConfiguration;
 * the inventory and then DeviceConfigured over the command channel; the entry ACTIVE. And what is
 * refused: an OS below the tenant's minimum (Apple's softwareupdate.required), an unknown or removed
 * serial, a signature of another chain, a body that is no signed MachineInfo — with nothing
 * enrolled. Users authenticate on the sign-in page when the profile asks for it; a device enrolling
 * again after a wipe supersedes its old entry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.public-base-url=https://mdm.example.test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AdeEnrollmentStoryTest extends AdeDeviceRestTest {

    private static final MockApns APNS = MockApns.start(AppleTestCertificates.caCertificatePem());
    private static final FakeAppleBusinessManager ABM = FakeAppleBusinessManager.start()
            .withDevices("F2LXADE00001", "F2LXADE00002", "C02ADEMAC001");
    /** Its own database: the delivery saga pushes on deadlines, and no other test's context may run them. */
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

    private String tokenId;

    @BeforeEach
    void tenantWithPushCertificateAndAdeToken() {
        createTenantsWithAdmins();
        topic = uploadPushCertificate(acme);
        tokenId = adeToken(acme);
        ResponseEntity<JsonNode> sync = admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/" + tokenId + "/sync", null);
        assertThat(sync.getStatusCode().value()).as(String.valueOf(sync.getBody())).isEqualTo(200);
    }

    @Test
    void aFactoryNewIphoneEnrollsThroughAdeAndIsReleasedFromSetupAssistant() {
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/minimum-os", "{\"ios\":\"17.4\"}").getBody()
                .path("ios").asText()).isEqualTo("17.4");
        String udid = udid();
        ResponseEntity<byte[]> answer = post(iphone("F2LXADE00001", udid, "18.4", true));
        assertThat(answer.getStatusCode().value()).as(text(answer)).isEqualTo(200);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/x-apple-aspen-config");
        SignedProfile profile = SignedProfile.read(answer.getBody());
        assertThat(SignedProfile.value(profile.mdm(), "ServerURL")).isEqualTo("https://mdm.example.test/t/" + acme + "/mdm/server");
        assertThat(SignedProfile.value(profile.mdm(), "Topic")).isEqualTo(topic);

        String deviceId = entryOf("F2LXADE00001").get(0);
        JsonNode started = payload(deviceId, "EnrollmentStarted");
        assertThat(started.path("method").asText()).isEqualTo("ADE");
        assertThat(started.path("userId").isNull()).as("no user authenticated").isTrue();
        assertThat(started.path("identity").path("udid").asText()).isEqualTo(udid);

        AppleDevice iphone = enroll(deviceId, profile, udid, "F2LXADE00001", true);
        assertThat(events(deviceId)).endsWith("DeviceEnrolled", "MdmCommandQueued", "MdmCommandQueued",
                "MdmCommandQueued");

        Answer information = connect(iphone, ConnectPlists.idle(udid));
        assertThat(information.requestType()).isEqualTo("DeviceInformation");
        Answer security = connect(iphone, ConnectPlists.deviceInformation(udid, information.commandUuid(), "F2LXADE00001"));
        assertThat(security.requestType()).isEqualTo("SecurityInfo");
        Answer configured = connect(iphone, ConnectPlists.securityInfo(udid, security.commandUuid()));
        assertThat(configured.requestType()).as("after the enrollment-time commands").isEqualTo("DeviceConfigured");
        assertThat(connect(iphone, ConnectPlists.acknowledged(udid, configured.commandUuid())).body()).isEmpty();

        assertThat(events(deviceId)).endsWith("MdmCommandSent", "MdmCommandAcknowledged");
        assertThat(jdbc.sql("select status from device_entry where device_id = ?::uuid").param(deviceId)
                .query(String.class).single()).isEqualTo("ACTIVE");
        assertThat(refusals()).isEmpty();
    }

    @Test
    void aMinimumOsThatIsNoVersionIsRefusedAndNothingChanges() {
        admin(acme, HttpMethod.PUT, "/api/settings/minimum-os", "{\"ios\":\"17.4\"}");
        ResponseEntity<JsonNode> refused = admin(acme, HttpMethod.PUT, "/api/settings/minimum-os",
                "{\"ios\":\"seventeen\",\"macos\":\"15.0\"}");
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(refused.getBody().path("type").asText()).endsWith("/invalid-minimum-os");
        JsonNode now = admin(acme, HttpMethod.GET, "/api/settings/minimum-os", null).getBody();
        assertThat(now.path("ios").asText()).isEqualTo("17.4");
        assertThat(now.has("macos")).isFalse();
        assertThat(anonymous(HttpMethod.PUT, "/api/settings/minimum-os", "{\"ios\":\"1.0\"}").getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void aDeviceBelowTheMinimumOsIsToldToUpdateFirstAndNothingIsEnrolled() {
        admin(acme, HttpMethod.PUT, "/api/settings/minimum-os", "{\"ios\":\"18.2\",\"macos\":\"15.0\"}");

        ResponseEntity<byte[]> update = post(iphone("F2LXADE00001", udid(), "17.5", true));
        assertThat(update.getStatusCode().value()).isEqualTo(403);
        assertThat(update.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        JsonNode body = json(text(update));
        assertThat(body.path("code").asText()).isEqualTo("com.apple.softwareupdate.required");
        assertThat(body.path("details").path("OSVersion").asText()).isEqualTo("18.2");

        ResponseEntity<byte[]> olderMac = post(APPLE.signed(TestAppleDevices.machineInfo("C02ADEMAC001", udid(),
                "Mac14,2", "22G91", null, false)));
        assertRefused(olderMac, 403, "os-version-below-minimum");

        assertThat(entryOf("F2LXADE00001")).isEmpty();
        assertThat(entryOf("C02ADEMAC001")).isEmpty();
        assertThat(refusals()).extracting(refusal -> refusal.path("reason").asText() + " " + refusal.path("requiredOsVersion").asText())
                .containsExactly("OS_BELOW_MINIMUM 18.2", "OS_BELOW_MINIMUM 15.0");
    }

    @Test
    void anUnknownSerialAnotherChainsSignatureAndABodyThatIsNoSignedMachineInfoAreRefusedWithNothingEnrolled() {
        ResponseEntity<byte[]> unknown = post(iphone("F2LXNOTMINE1", udid(), "18.4", true));
        assertRefused(unknown, 403, "unknown-ade-device");
        assertThat(refusals()).extracting(refusal -> refusal.path("reason").asText()).containsExactly("UNKNOWN_SERIAL");

        TestAppleDevices other = new TestAppleDevices("Not Apple");
        assertRefused(post(other.signed(TestAppleDevices.machineInfo("F2LXADE00001", udid(), "iPhone16,2", "22E240",
                "18.4", true))), 403, "untrusted-device-signature");
        assertRefused(post(TestAppleDevices.machineInfo("F2LXADE00001", udid(), "iPhone16,2", "22E240", "18.4", true)),
                400, "malformed-machine-info");
        assertRefused(post("garbage".getBytes(StandardCharsets.UTF_8)), 400, "malformed-machine-info");
        assertRefused(post(new byte[0]), 400, "malformed-machine-info");
        assertThat(refusals()).as("nothing recorded for what no Apple device signed").hasSize(1);
        assertThat(entryOf("F2LXADE00001")).isEmpty();
    }

    @Test
    void aDeviceAppleRemovedFromTheMdmServerIsRefused() {
        ABM.changed("F2LXADE00002", "deleted");
        assertThat(admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/" + tokenId + "/sync", null).getBody()
                .path("deleted").asInt()).isEqualTo(1);
        assertRefused(post(iphone("F2LXADE00002", udid(), "18.4", true)), 403, "unknown-ade-device");
        assertThat(refusals()).extracting(refusal -> refusal.path("reason").asText()).containsExactly("REMOVED_FROM_ABM");
        assertThat(entryOf("F2LXADE00002")).isEmpty();
    }

    @Test
    void whenUsersAuthenticateTheSignInPageShowsWhyASignInFailedAndAnswersTheProfileBoundToTheUser() {
        String email = "ade-user-" + run + "@" + acme + ".example.com";
        String userId = createUser(acme, email, "ade-password-1");
        String deviceInfo = Base64.getEncoder().encodeToString(iphone("F2LXADE00001", udid(), "18.4", true));

        HttpHeaders fromSetupAssistant = new HttpHeaders();
        fromSetupAssistant.set("x-apple-aspen-deviceinfo", deviceInfo);
        fromSetupAssistant.set(HttpHeaders.ACCEPT_LANGUAGE, "ja-JP,ja;q=0.9");
        ResponseEntity<String> page = rest.exchange("/t/" + acme + "/ade/sign-in", HttpMethod.GET,
                new HttpEntity<>(fromSetupAssistant), String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("<html lang=\"ja\">", "サインイン", "name=\"deviceinfo\"",
                "action=\"/t/" + acme + "/ade/sign-in\"");

        ResponseEntity<byte[]> wrong = signIn(deviceInfo, email, "not-the-password", "en");
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(text(wrong)).contains("<html lang=\"en\">", "is not correct", "value=\"" + email + "\"");
        assertThat(entryOf("F2LXADE00001")).isEmpty();

        ResponseEntity<byte[]> signedIn = signIn(deviceInfo, email, "ade-password-1", "en");
        assertThat(signedIn.getStatusCode().value()).as(text(signedIn)).isEqualTo(200);
        assertThat(signedIn.getHeaders().getContentType()).hasToString("application/x-apple-aspen-config");
        SignedProfile.read(signedIn.getBody());
        String deviceId = entryOf("F2LXADE00001").get(0);
        assertThat(payload(deviceId, "EnrollmentStarted").path("userId").asText()).isEqualTo(userId);

        ResponseEntity<String> noDevice = rest.exchange("/t/" + acme + "/ade/sign-in", HttpMethod.GET,
                new HttpEntity<>(new HttpHeaders()), String.class);
        assertThat(noDevice.getStatusCode().value()).isEqualTo(400);
        assertThat(noDevice.getBody()).contains("Setup Assistant").doesNotContain("name=\"email\"");
        assertThat(signIn(Base64.getEncoder().encodeToString(new TestAppleDevices("Other").signed(
                TestAppleDevices.machineInfo("F2LXADE00001", udid(), "iPhone16,2", "22E240", "18.4", true))),
                email, "ade-password-1", "en").getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theSignInPageWorksInARealBrowserInJapaneseAndEnglish() {
        String email = "browser-" + run + "@" + acme + ".example.com";
        createUser(acme, email, "browser-password-1");
        String deviceInfo = Base64.getEncoder().encodeToString(iphone("F2LXADE00002", udid(), "18.4", true));
        try (Browser browser = Browser.start()) {
            browser.withHeaders(Map.of("x-apple-aspen-deviceinfo", deviceInfo, "Accept-Language", "ja"));
            browser.driver().get(base() + "/t/" + acme + "/ade/sign-in");
            assertThat(browser.driver().getTitle()).contains("サインイン");
            browser.screenshot("ade-sign-in-ja");

            browser.withHeaders(Map.of("x-apple-aspen-deviceinfo", deviceInfo, "Accept-Language", "en"));
            browser.driver().get(base() + "/t/" + acme + "/ade/sign-in");
            assertThat(browser.driver().getTitle()).isEqualTo("Sign in to " + acme);
            browser.driver().findElement(By.id("email")).sendKeys(email);
            browser.driver().findElement(By.id("password")).sendKeys("wrong-password");
            browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
            assertThat(browser.driver().findElement(By.id("error")).getText()).contains("is not correct");
            assertThat(browser.driver().findElement(By.id("email")).getAttribute("value")).isEqualTo(email);
            browser.screenshot("ade-sign-in-failed-en");
            assertThat(entryOf("F2LXADE00002")).isEmpty();

            browser.driver().findElement(By.id("password")).sendKeys("browser-password-1");
            browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !entryOf("F2LXADE00002").isEmpty());
        }
    }

    private String base() {
        return rest.getRootUri();
    }

    @Test
    void aWipedAdeDeviceEnrollsAgainThroughAdeAndSupersedesItsOldEntry() {
        String udid = udid();
        ResponseEntity<byte[]> first = post(iphone("F2LXADE00001", udid, "18.4", false));
        String oldEntry = entryOf("F2LXADE00001").get(0);
        enroll(oldEntry, SignedProfile.read(first.getBody()), udid, "F2LXADE00001", false);

        // Erased on the device (not through the server): Setup Assistant runs again. The body is read
        // as it is whatever the Content-Type says (here the form type Apple's examples use).
        ResponseEntity<byte[]> again = post(iphone("F2LXADE00001", udid, "18.4", false),
                MediaType.APPLICATION_FORM_URLENCODED);
        assertThat(again.getStatusCode().value()).as(text(again)).isEqualTo(200);
        List<String> entries = entryOf("F2LXADE00001");
        assertThat(entries).hasSize(2);
        String newEntry = entries.get(1);
        enroll(newEntry, SignedProfile.read(again.getBody()), udid, "F2LXADE00001", false);

        assertThat(events(oldEntry)).contains("DeviceEntrySuperseded");
        assertThat(jdbc.sql("select status from device_entry where device_id = ?::uuid").param(newEntry)
                .query(String.class).single()).isEqualTo("ACTIVE");
    }
}
