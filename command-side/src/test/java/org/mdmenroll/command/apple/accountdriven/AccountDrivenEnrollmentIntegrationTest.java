package org.mdmenroll.command.apple.accountdriven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
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
