package org.mdmenroll.command.apple.accountdriven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.dd.plist.NSDictionary;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apple's account-driven enrollment through HTTP: discovery at the tenant's well-known URL, the
 * sign-in page, and the callback carrying the access token — refused for tenants without it, users
 * an admin did not allow, wrong credentials and a missing privacy acknowledgement.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class AccountDrivenEnrollmentIntegrationTest extends CommandSideRestTest {

    private String acmeDomain;
    private String allowedEmail;
    private String otherEmail;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
        acmeDomain = acme + ".mdm.example.com";
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":true}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        allowedEmail = "joe@" + acme + ".example.com";
        String joe = createUser(acme, allowedEmail, "joes-password-1");
        ResponseEntity<JsonNode> allowed = admin(acme, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@" + acmeDomain + "\"}");
        assertThat(allowed.getStatusCode().is2xxSuccessful()).as(String.valueOf(allowed.getBody())).isTrue();
        otherEmail = "ann@" + acme + ".example.com";
        createUser(acme, otherEmail, "anns-password-1");
    }

    @Test
    void discoveryNamesTheTenantsEnrollmentUrlsForDeviceAndUserEnrollment() {
        ResponseEntity<JsonNode> found = anonymous(HttpMethod.GET,
                "/.well-known/com.apple.remotemanagement?user-identifier=joe@" + acmeDomain + "&model-family=iPhone", null);
        assertThat(found.getStatusCode().value()).isEqualTo(200);
        assertThat(found.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode servers = found.getBody().path("Servers");
        assertThat(servers).hasSize(2);
        assertThat(servers.get(0).path("Version").asText()).isEqualTo("mdm-adde");
        assertThat(servers.get(0).path("BaseURL").asText()).isEqualTo(
                "https://" + acmeDomain + "/t/" + acme + "/account-driven/enroll/adde");
        assertThat(servers.get(1).path("Version").asText()).isEqualTo("mdm-byod");
        assertThat(servers.get(1).path("BaseURL").asText()).endsWith("/t/" + acme + "/account-driven/enroll/byod");
    }

    @Test
    void discoveryIsRefusedWithApplesWellKnownFailedBody() {
        for (String identifier : new String[]{"joe@" + globex + ".mdm.example.com", "joe@nobody.example.org"}) {
            ResponseEntity<JsonNode> refused = anonymous(HttpMethod.GET,
                    "/.well-known/com.apple.remotemanagement?user-identifier=" + identifier, null);
            assertThat(refused.getStatusCode().value()).as(identifier).isEqualTo(403);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            assertThat(refused.getBody().path("code").asText()).isEqualTo("com.apple.well-known.failed");
            assertThat(refused.getBody().path("message").asText()).isNotBlank();
        }
        assertProblem(anonymous(HttpMethod.GET, "/.well-known/com.apple.remotemanagement?user-identifier=joe", null),
                400, "invalid-user-identifier");
        assertProblem(anonymous(HttpMethod.GET, "/.well-known/com.apple.remotemanagement", null),
                400, "invalid-user-identifier");
    }

    @Test
    void theSignInPageIsPrefilledAndEscapesWhatItShows() {
        ResponseEntity<String> page = rest.exchange("/t/" + acme + "/account-driven/sign-in?user-identifier="
                + "<script>x</script>@" + acmeDomain, HttpMethod.GET, HttpEntity.EMPTY, String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("&lt;script&gt;x&lt;/script&gt;@" + acmeDomain)
                .doesNotContain("<script>").contains("name=\"acknowledged\"").contains("privacy policy");
    }

    @Test
    void anAllowedUserSignsInAndTheDeviceGetsTheAccessTokenThroughApplesCallback() {
        ResponseEntity<String> signedIn = signIn(allowedEmail, "joes-password-1", true);
        assertThat(signedIn.getStatusCode().value()).isEqualTo(308);
        URI location = signedIn.getHeaders().getLocation();
        assertThat(location.getScheme()).isEqualTo("apple-remotemanagement-user-login");
        assertThat(location.getHost()).isEqualTo("authentication-results");
        String token = URLDecoder.decode(location.getRawQuery().substring("access-token=".length()), StandardCharsets.UTF_8);
        assertThat(token).hasSizeGreaterThan(30);
        assertThat(jdbc.sql("select count(*) from eventstore.domainevententry where convert_from(payload, 'UTF8') like ?")
                .param("%" + token + "%").query(Long.class).single()).as("the token is stored only hashed").isZero();
    }

    @Test
    void signInIsRefusedWithoutAcknowledgementWithWrongCredentialsAndForUsersNotAllowed() {
        long before = eventCount();
        assertProblem(json(signIn(allowedEmail, "joes-password-1", false)), 400, "acknowledgement-required");
        assertThat(eventCount()).as("nothing recorded without the acknowledgement").isEqualTo(before);

        assertThat(signIn(allowedEmail, "wrong-password", true).getStatusCode().value()).isEqualTo(401);
        assertThat(signIn(otherEmail, "anns-password-1", true).getStatusCode().value()).isEqualTo(403);

        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":false}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(signIn(allowedEmail, "joes-password-1", true).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theEnrollmentUrlSendsAnUnauthenticatedDeviceToTheSignInPage() {
        uploadPushCertificate(acme);
        long before = eventCount();
        for (String authorization : new String[]{null, "Bearer not-a-token"}) {
            HttpHeaders headers = new HttpHeaders();
            if (authorization != null) {
                headers.set(HttpHeaders.AUTHORIZATION, authorization);
            }
            ResponseEntity<JsonNode> refused = enroll("adde", headers, MachineInfoTest.USER_ENROLLMENT);
            assertProblem(refused, 401, authorization == null ? "sign-in-required" : "invalid-session");
            assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(
                    "Bearer method=\"apple-as-web\", url=\"https://" + acmeDomain + "/t/" + acme
                            + "/account-driven/sign-in\"");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aSignedInDeviceGetsAnAccountDrivenEntryAndAProfileNamingTheManagedAppleId() {
        String topic = uploadPushCertificate(acme);
        byte[] machineInfo = CheckInPlists.plist("""
                <key>PRODUCT</key><string>iPad16,3</string>
                <key>VERSION</key><string>22E240</string>
                <key>UDID</key><string>00008112-ADDE%s</string>
                <key>SERIAL</key><string>ADDE%s</string>
                """.formatted(run, run));

        ResponseEntity<byte[]> device = rest.exchange("/t/" + acme + "/account-driven/enroll/adde", HttpMethod.POST,
                new HttpEntity<>(machineInfo, bearer(accessToken(allowedEmail, "joes-password-1"))), byte[].class);

        assertThat(device.getStatusCode().value()).isEqualTo(200);
        assertThat(device.getHeaders().getContentType()).hasToString("application/x-apple-aspen-config");
        NSDictionary mdm = SignedProfile.read(device.getBody()).mdm();
        assertThat(SignedProfile.value(mdm, "AssignedManagedAppleID")).isEqualTo("joe@" + acmeDomain);
        assertThat(SignedProfile.value(mdm, "EnrollmentMode")).isEqualTo("ADDE");
        assertThat(SignedProfile.value(mdm, "Topic")).isEqualTo(topic);
        assertThat(mdm.containsKey("AccessRights")).isTrue();
        String started = startedPayload("ADDE" + run);
        assertThat(started).contains("\"method\":\"ACCOUNT_DRIVEN\"").contains("\"platform\":\"IOS\"")
                .contains("\"osVersion\":\"18.0\"").containsIgnoringCase("00008112-ADDE" + run);

        ResponseEntity<byte[]> personal = rest.exchange("/t/" + acme + "/account-driven/enroll/byod", HttpMethod.POST,
                new HttpEntity<>(MachineInfoTest.USER_ENROLLMENT, bearer(accessToken(allowedEmail, "joes-password-1"))),
                byte[].class);
        assertThat(personal.getStatusCode().value()).isEqualTo(200);
        NSDictionary userEnrollment = SignedProfile.read(personal.getBody()).mdm();
        assertThat(SignedProfile.value(userEnrollment, "EnrollmentMode")).isEqualTo("BYOD");
        assertThat(userEnrollment.containsKey("AccessRights")).as("user enrollment has fixed rights").isFalse();
    }

    @Test
    void enrollmentIsRefusedForOtherUsersModesAndBadMachineInfoRecordingNothing() {
        String joe = accessToken(allowedEmail, "joes-password-1");
        long before = eventCount();
        assertProblem(enroll("adde", bearer(joe), MachineInfoTest.USER_ENROLLMENT), 409, "no-push-certificate");
        assertThat(eventCount()).isEqualTo(before);
        uploadPushCertificate(acme);
        String ann = session(otherEmail, "anns-password-1");
        before = eventCount();

        assertProblem(enroll("sideways", bearer(joe), MachineInfoTest.USER_ENROLLMENT), 404, "unknown-enrollment-mode");
        assertProblem(enroll("adde", bearer(joe), "not a plist".getBytes(StandardCharsets.UTF_8)), 400,
                "malformed-machine-info");
        assertProblem(enroll("adde", bearer(joe), CheckInPlists.plist(
                "<key>PRODUCT</key><string>Pixel 9</string><key>VERSION</key><string>22E240</string>")), 400,
                "unsupported-device");
        assertProblem(enroll("adde", bearer(ann), MachineInfoTest.USER_ENROLLMENT),
                403, "account-driven-enrollment-not-allowed");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":false}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        before = eventCount();
        assertProblem(enroll("adde", bearer(joe), MachineInfoTest.USER_ENROLLMENT), 403,
                "account-driven-enrollment-disabled");

        assertThat(eventCount()).isEqualTo(before);
    }

    private ResponseEntity<JsonNode> enroll(String mode, HttpHeaders headers, byte[] body) {
        return rest.exchange("/t/" + acme + "/account-driven/enroll/" + mode, HttpMethod.POST,
                new HttpEntity<>(body, headers), JsonNode.class);
    }

    /** The access token Apple's callback hands the device after the sign-in page. */
    private String accessToken(String email, String password) {
        URI location = signIn(email, password, true).getHeaders().getLocation();
        return URLDecoder.decode(location.getRawQuery().substring("access-token=".length()), StandardCharsets.UTF_8);
    }

    /** A session of a user the sign-in page would refuse, from the enrollment app's login. */
    private String session(String email, String password) {
        return anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").getBody().path("sessionToken").asText();
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_XML);
        return headers;
    }

    private String startedPayload(String serial) {
        return jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                        + " where payloadtype like '%EnrollmentStarted' and convert_from(payload, 'UTF8') ilike ?")
                .param("%" + serial + "%").query(String.class).single();
    }

    private ResponseEntity<String> signIn(String email, String password, boolean acknowledged) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("email", email);
        form.add("password", password);
        if (acknowledged) {
            form.add("acknowledged", "true");
        }
        return rest.exchange("/t/" + acme + "/account-driven/sign-in", HttpMethod.POST, new HttpEntity<>(form, headers),
                String.class);
    }

    private ResponseEntity<JsonNode> json(ResponseEntity<String> response) {
        try {
            return new ResponseEntity<>(new ObjectMapper().readTree(response.getBody()),
                    response.getHeaders(), response.getStatusCode());
        } catch (JsonProcessingException e) {
            throw new AssertionError(response.getBody(), e);
        }
    }
}
