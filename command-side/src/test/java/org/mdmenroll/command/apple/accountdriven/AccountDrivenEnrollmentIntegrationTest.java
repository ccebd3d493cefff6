package org.mdmenroll.command.apple.accountdriven;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.dd.plist.NSDictionary;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apple's account-driven enrollment through HTTP: discovery at the tenant's well-known URL, the
 * sign-in page, and the callback carrying the access token — refused for tenants without it, users
 * an admin did not allow, wrong credentials and a missing privacy acknowledgement.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class AccountDrivenEnrollmentIntegrationTest extends CommandSideRestTest {

    /**
     * A filter later in the chain that reads the request's parameters, as logging, CSRF or
     * hidden-method filters do: on a form-encoded POST that makes the container consume the body.
     */
    @TestConfiguration
    static class ParameterReadingFilter {
        @Bean
        FilterRegistrationBean<OncePerRequestFilter> parameterReader() {
            FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                FilterChain chain) throws ServletException, IOException {
                    request.getParameterMap();
                    chain.doFilter(request, response);
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }

    private String acmeDomain;
    private String allowedEmail;
    private String joe;
    private String otherEmail;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
        acmeDomain = acme + ".mdm.example.com";
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":true}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        allowedEmail = "joe@" + acme + ".example.com";
        joe = createUser(acme, allowedEmail, "joes-password-1");
        ResponseEntity<JsonNode> allowed = admin(acme, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@" + acmeDomain + "\"}");
        assertThat(allowed.getStatusCode().is2xxSuccessful()).as(String.valueOf(allowed.getBody())).isTrue();
        otherEmail = "ann@" + acme + ".example.com";
        createUser(acme, otherEmail, "anns-password-1");
    }

    @Test
    void byDefaultDiscoveryOffersOnlyUserEnrollmentOfAPersonalDevice() {
        JsonNode servers = discover("joe@" + acmeDomain);
        assertThat(servers).as("Apple asks for one server; the device uses the first").hasSize(1);
        assertThat(servers.get(0).path("Version").asText()).isEqualTo("mdm-byod");
        assertThat(servers.get(0).path("BaseURL").asText()).isEqualTo(
                "https://" + acmeDomain + "/t/" + acme + "/account-driven/enroll/byod");
        assertThat(discover("nobody-known@" + acmeDomain).get(0).path("Version").asText()).isEqualTo("mdm-byod");
    }

    @Test
    void theTenantsDeviceModeOffersOnlyDeviceEnrollmentAndAUsersOwnModeOverridesIt() {
        ResponseEntity<JsonNode> set = admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment",
                "{\"enabled\":true,\"mode\":\"DEVICE\"}");
        assertThat(set.getStatusCode().value()).as(String.valueOf(set.getBody())).isEqualTo(200);
        assertThat(set.getBody().path("mode").asText()).isEqualTo("DEVICE");
        JsonNode servers = discover("joe@" + acmeDomain);
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).path("Version").asText()).isEqualTo("mdm-adde");
        assertThat(servers.get(0).path("BaseURL").asText()).endsWith("/t/" + acme + "/account-driven/enroll/adde");

        // Joe's devices are personal: his own mode.
        assertThat(admin(acme, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@" + acmeDomain + "\",\"mode\":\"USER\"}").getStatusCode().value())
                .isEqualTo(200);
        assertThat(discover("JOE@" + acmeDomain).get(0).path("Version").asText()).isEqualTo("mdm-byod");
        assertThat(discover("someone-else@" + acmeDomain).get(0).path("Version").asText()).isEqualTo("mdm-adde");

        // Enabling again without a mode keeps DEVICE; an unknown mode is a problem.
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":true}")
                .getBody().path("mode").asText()).isEqualTo("DEVICE");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment",
                "{\"enabled\":true,\"mode\":\"SIDEWAYS\"}"), 400, "malformed-request");
    }

    private JsonNode discover(String identifier) {
        ResponseEntity<JsonNode> found = anonymous(HttpMethod.GET,
                "/.well-known/com.apple.remotemanagement?user-identifier=" + identifier + "&model-family=iPhone", null);
        assertThat(found.getStatusCode().value()).as(String.valueOf(found.getBody())).isEqualTo(200);
        assertThat(found.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        return found.getBody().path("Servers");
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
    void aFailedSignInShowsThePageAgainWithTheEmailKeptAndTheReason() {
        long before = eventCount();
        assertSignInPageAgain(signIn(allowedEmail, "joes-password-1", false), 200, "acknowledgement-required",
                allowedEmail);
        assertThat(eventCount()).as("nothing recorded without the acknowledgement").isEqualTo(before);

        assertSignInPageAgain(signIn(allowedEmail, "wrong-password", true), 401, "invalid-credentials", allowedEmail);
        assertSignInPageAgain(signIn("nobody@" + acme + ".example.com", "whatever-1", true), 401,
                "invalid-credentials", "nobody@" + acme + ".example.com");
        assertSignInPageAgain(signIn(otherEmail, "anns-password-1", true), 200,
                "account-driven-enrollment-not-allowed", otherEmail);
        // What the person typed is shown escaped.
        String hostile = "\"><script>alert(1)</script>@" + acme + ".example.com";
        ResponseEntity<String> escaped = signIn(hostile, "x-password-1", true);
        assertThat(escaped.getBody()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");

        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":false}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        assertSignInPageAgain(signIn(allowedEmail, "joes-password-1", true), 200, "account-driven-enrollment-disabled",
                allowedEmail);
    }

    @Test
    void thePageAndItsReasonsAreInJapaneseForADeviceInJapanese() {
        HttpHeaders japanese = new HttpHeaders();
        japanese.set(HttpHeaders.ACCEPT_LANGUAGE, "ja-JP,ja;q=0.9");
        ResponseEntity<String> page = rest.exchange("/t/" + acme + "/account-driven/sign-in", HttpMethod.GET,
                new HttpEntity<>(japanese), String.class);
        assertThat(page.getBody()).contains("lang=\"ja\"", "にサインイン", "プライバシーポリシー");

        japanese.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("email", allowedEmail);
        form.add("password", "wrong-password");
        form.add("acknowledged", "true");
        ResponseEntity<String> refused = rest.exchange("/t/" + acme + "/account-driven/sign-in", HttpMethod.POST,
                new HttpEntity<>(form, japanese), String.class);
        assertSignInPageAgain(refused, 401, "invalid-credentials", allowedEmail);
        assertThat(refused.getBody()).contains("正しくありません");
    }

    @Test
    void aWrongPinShowsThePageAgainAndStillCountsTowardsTheLockOut() {
        String pin = admin(acme, HttpMethod.POST, "/api/users/" + joe + "/pins", null).getBody().path("pin").asText();
        String wrong = pin.equals("0".repeat(pin.length())) ? "1".repeat(pin.length()) : "0".repeat(pin.length());
        ResponseEntity<String> refused = signInWithPin(allowedEmail, wrong);
        assertSignInPageAgain(refused, 401, "invalid-credentials", allowedEmail);
        assertThat(refused.getBody()).contains("Attempts left:");
        assertThat(userEvents(joe)).endsWith("EnrollmentPinRejected");

        ResponseEntity<String> accepted = signInWithPin(allowedEmail, pin);
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(308);
    }

    private void assertSignInPageAgain(ResponseEntity<String> page, int status, String problem, String email) {
        assertThat(page.getStatusCode().value()).as(page.getBody()).isEqualTo(status);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("<form method=\"post\"", "name=\"acknowledged\"",
                "data-problem=\"" + problem + "\"", "value=\"" + HtmlUtils.htmlEscape(email) + "\"");
    }

    private List<String> userEvents(String userId) {
        return jdbc.sql("select payloadtype from eventstore.domainevententry where aggregateidentifier = ?"
                + " order by sequencenumber").param(userId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private ResponseEntity<String> signInWithPin(String email, String pin) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("email", email);
        form.add("pin", pin);
        form.add("acknowledged", "true");
        return rest.exchange("/t/" + acme + "/account-driven/sign-in", HttpMethod.POST, new HttpEntity<>(form, headers),
                String.class);
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
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment",
                "{\"enabled\":true,\"mode\":\"DEVICE\"}").getStatusCode().value()).isEqualTo(200);
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

        // The device mode refuses user enrollment; with Joe's own mode USER it is all he gets.
        assertProblem(enroll("byod", bearer(accessToken(allowedEmail, "joes-password-1")),
                MachineInfoTest.USER_ENROLLMENT), 403, "enrollment-mode-not-offered");
        assertThat(admin(acme, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@" + acmeDomain + "\",\"mode\":\"USER\"}").getStatusCode().value())
                .isEqualTo(200);
        assertProblem(enroll("adde", bearer(accessToken(allowedEmail, "joes-password-1")), machineInfo), 403,
                "enrollment-mode-not-offered");
        ResponseEntity<byte[]> personal = rest.exchange("/t/" + acme + "/account-driven/enroll/byod", HttpMethod.POST,
                new HttpEntity<>(MachineInfoTest.USER_ENROLLMENT, bearer(accessToken(allowedEmail, "joes-password-1"))),
                byte[].class);
        assertThat(personal.getStatusCode().value()).isEqualTo(200);
        NSDictionary userEnrollment = SignedProfile.read(personal.getBody()).mdm();
        assertThat(SignedProfile.value(userEnrollment, "EnrollmentMode")).isEqualTo("BYOD");
        assertThat(userEnrollment.containsKey("AccessRights")).as("user enrollment has fixed rights").isFalse();
    }

    @Test
    void theMachineInfoIsReadWhateverContentTypeTheDeviceSends() throws Exception {
        uploadPushCertificate(acme);
        String token = accessToken(allowedEmail, "joes-password-1");
        byte[] plist = CheckInPlists.plist("""
                <key>PRODUCT</key><string>iPhone17,2</string>
                <key>VERSION</key><string>22E240</string>
                <key>LANGUAGE</key><string>en&amp;fr=1</string>
                """);
        for (Object[] sent : new Object[][]{
                {"application/x-www-form-urlencoded", plist},
                {"application/x-www-form-urlencoded", MachineInfoTest.signed(plist)},
                {"application/pkcs7-signature", MachineInfoTest.signed(plist)},
                {"application/octet-stream", plist}}) {
            HttpHeaders headers = bearer(token);
            headers.setContentType(MediaType.parseMediaType((String) sent[0]));
            ResponseEntity<byte[]> profile = rest.exchange("/t/" + acme + "/account-driven/enroll/byod",
                    HttpMethod.POST, new HttpEntity<>((byte[]) sent[1], headers), byte[].class);
            assertThat(profile.getStatusCode().value()).as(sent[0] + ": " + new String(
                    profile.getBody() == null ? new byte[0] : profile.getBody(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(SignedProfile.value(SignedProfile.read(profile.getBody()).mdm(), "EnrollmentMode"))
                    .isEqualTo("BYOD");
        }
        // A body consumed on the way would arrive empty: it is named as missing, never taken as a device.
        HttpHeaders empty = bearer(token);
        empty.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        long before = eventCount();
        ResponseEntity<JsonNode> nothing = rest.exchange("/t/" + acme + "/account-driven/enroll/byod", HttpMethod.POST,
                new HttpEntity<>(new byte[0], empty), JsonNode.class);
        assertProblem(nothing, 400, "malformed-machine-info");
        assertThat(nothing.getBody().path("detail").asText()).contains("no MachineInfo");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void enrollmentIsRefusedForOtherUsersModesAndBadMachineInfoRecordingNothing() {
        String joe = accessToken(allowedEmail, "joes-password-1");
        long before = eventCount();
        assertProblem(enroll("byod", bearer(joe), MachineInfoTest.USER_ENROLLMENT), 409, "no-push-certificate");
        assertThat(eventCount()).isEqualTo(before);
        uploadPushCertificate(acme);
        String ann = session(otherEmail, "anns-password-1");
        before = eventCount();

        assertProblem(enroll("sideways", bearer(joe), MachineInfoTest.USER_ENROLLMENT), 404, "unknown-enrollment-mode");
        assertProblem(enroll("byod", bearer(joe), "not a plist".getBytes(StandardCharsets.UTF_8)), 400,
                "malformed-machine-info");
        assertProblem(enroll("byod", bearer(joe), CheckInPlists.plist(
                "<key>PRODUCT</key><string>Pixel 9</string><key>VERSION</key><string>22E240</string>")), 400,
                "unsupported-device");
        assertProblem(enroll("byod", bearer(ann), MachineInfoTest.USER_ENROLLMENT),
                403, "account-driven-enrollment-not-allowed");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":false}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        before = eventCount();
        assertProblem(enroll("byod", bearer(joe), MachineInfoTest.USER_ENROLLMENT), 403,
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
}
