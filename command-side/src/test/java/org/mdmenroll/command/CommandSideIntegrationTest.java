package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side through REST on a real PostgreSQL: events really in the event table, lookup
 * tables enforcing uniqueness, problem+json for every refusal, no event for bad input, and no
 * request of one tenant reaching another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
@ExtendWith(OutputCaptureExtension.class)
class CommandSideIntegrationTest extends CommandSideRestTest {

    @BeforeEach
    void twoTenantsWithAccounts() {
        createTenantsWithAdmins();
        assertThat(operator(HttpMethod.POST, "/api/tenants/" + acme + "/accounts",
                "{\"username\":\"" + acme + "-auditor\",\"password\":\"auditor-password-1\",\"role\":\"AUDITOR\"}")
                .getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void eventsOfEachCommandAreInTheEventTable() {
        String userId = createUser(acme, "joe@" + acme + ".example.com", null);
        assertThat(jdbc.sql("select payloadtype from eventstore.domainevententry where aggregateidentifier = ?")
                .param(userId).query(String.class).list())
                .containsExactly("org.mdmenroll.events.user.LocalUserCreated");
        assertThat(jdbc.sql("select count(*) from eventstore.domainevententry where payloadtype like '%TenantCreated'"
                + " and convert_from(payload, 'UTF8') like ?").param("%\"" + acme + "\"%").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void malformedAndOversizedInputIsAProblemAndStoresNothing() {
        long before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, "/api/users", "{\"email\": "), 400, "malformed-request");
        assertProblem(admin(acme, HttpMethod.POST, "/api/users", "{\"email\":\"not-an-email\",\"displayName\":\"X\"}"),
                400, "invalid-email");
        assertProblem(admin(acme, HttpMethod.POST, "/api/users", "{\"displayName\":\"X\"}"), 400, "invalid-request");
        assertProblem(operator(HttpMethod.POST, "/api/tenants",
                "{\"slug\":\"Bad Slug!\",\"name\":\"x\",\"hostDomain\":\"x.example.com\"}"), 400, "invalid-slug");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/enrollment", """
                {"requirePin":true,"pinLength":6,"pinTtl":"not-a-duration","maxPinAttempts":3,
                 "profileValidity":"PT5M","nudgeInterval":"PT1H","nudgeMaxCount":3}"""), 400, "malformed-request");
        assertProblem(admin(acme, HttpMethod.PUT, "/api/settings/enrollment", """
                {"requirePin":true,"pinLength":6,"pinTtl":"PT1H","maxPinAttempts":3,
                 "profileValidity":"PT48H","nudgeInterval":"PT1H","nudgeMaxCount":3}"""), 400, "invalid-enrollment-settings");
        String huge = "{\"email\":\"a@b.cd\",\"displayName\":\"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(admin(acme, HttpMethod.POST, "/api/users", huge), 413, "payload-too-large");
        HttpHeaders textPlain = basic(acme + "-admin", "admin-password-1");
        textPlain.setContentType(MediaType.TEXT_PLAIN);
        assertProblem(rest.exchange("/api/users", HttpMethod.POST, new HttpEntity<>("hello", textPlain), JsonNode.class),
                415, "unsupported-media-type");
        assertProblem(admin(acme, HttpMethod.DELETE, "/api/users", null), 405, "method-not-allowed");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void unknownTenantsCredentialsAndRolesAreProblems() {
        assertProblem(anonymous(HttpMethod.POST, "/t/no-such-tenant/go/login", "{\"email\":\"a@b.cd\",\"pin\":\"123456\"}"),
                404, "unknown-tenant");
        assertProblem(operator(HttpMethod.POST, "/api/tenants/no-such-tenant/accounts",
                "{\"username\":\"someone\",\"password\":\"a-long-password\",\"role\":\"ADMIN\"}"), 404, "unknown-tenant");
        assertProblem(anonymous(HttpMethod.POST, "/api/users", "{\"email\":\"a@b.cd\",\"displayName\":\"A\"}"),
                401, "unauthenticated");
        assertProblem(exchange(basic(acme + "-admin", "wrong-password"), HttpMethod.POST, "/api/users",
                "{\"email\":\"a@b.cd\",\"displayName\":\"A\"}"), 401, "unauthenticated");
        assertProblem(admin(acme, HttpMethod.POST, "/api/tenants",
                "{\"slug\":\"x" + run + "\",\"name\":\"x\",\"hostDomain\":\"x" + run + ".example.com\"}"), 403, "forbidden");
        assertProblem(exchange(basic(acme + "-auditor", "auditor-password-1"), HttpMethod.POST, "/api/users",
                "{\"email\":\"a@b.cd\",\"displayName\":\"A\"}"), 403, "forbidden");
        assertProblem(operator(HttpMethod.POST, "/api/users", "{\"email\":\"a@b.cd\",\"displayName\":\"A\"}"), 403, "forbidden");
        assertProblem(operator(HttpMethod.POST, "/api/tenants",
                "{\"slug\":\"" + acme + "\",\"name\":\"again\",\"hostDomain\":\"other-" + run + ".example.com\"}"),
                409, "tenant-slug-taken");
        assertProblem(operator(HttpMethod.POST, "/api/tenants/" + acme + "/accounts",
                "{\"username\":\"" + acme + "-admin\",\"password\":\"admin-password-1\",\"role\":\"ADMIN\"}"),
                409, "username-taken");
    }

    @Test
    void noRequestOfOneTenantReachesAnotherTenantsUsers() {
        String joe = createUser(acme, "joe@" + acme + ".example.com", null);
        long before = eventCount();
        assertProblem(admin(globex, HttpMethod.POST, "/api/users/" + joe + "/invitations", null), 404, "unknown-user");
        assertProblem(admin(globex, HttpMethod.POST, "/api/users/" + joe + "/pins", null), 404, "unknown-user");
        assertProblem(admin(globex, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@" + globex + ".mdm.example.com\"}"), 404, "unknown-user");
        assertProblem(admin(globex, HttpMethod.DELETE, "/api/users/" + joe + "/account-driven-enrollment", null),
                404, "unknown-user");
        // Same email in another tenant is another user, not a conflict.
        createUser(globex, "joe@" + acme + ".example.com", null);
        // Settings, URLs and account-driven switch act on the caller's own tenant only.
        admin(globex, HttpMethod.POST, "/api/enrollment-urls", null);
        assertThat(jdbc.sql("select enrollment_url from command_side.tenant_directory where slug = ?").param(acme)
                .query(String.class).single()).endsWith("/go?v=1");
        assertThat(eventCount()).isEqualTo(before + 2);

        String pin = invite(acme, joe).path("pin").asText();
        assertProblem(anonymous(HttpMethod.POST, "/t/" + globex + "/go/login",
                "{\"email\":\"joe@" + acme + ".example.com\",\"pin\":\"" + pin + "\"}"), 401, "invalid-credentials");
        String token = login(acme, "joe@" + acme + ".example.com", pin).path("sessionToken").asText();
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(token);
        bearer.setContentType(MediaType.APPLICATION_JSON);
        assertProblem(rest.exchange("/t/" + globex + "/go/password", HttpMethod.POST,
                new HttpEntity<>("{\"password\":\"joes-password\"}", bearer), JsonNode.class), 401, "invalid-session");
        assertThat(rest.exchange("/t/" + acme + "/go/password", HttpMethod.POST,
                new HttpEntity<>("{\"password\":\"joes-password\"}", bearer), JsonNode.class).getStatusCode().value())
                .isEqualTo(204);
    }

    @Test
    void emailsAreUniquePerTenant() {
        createUser(acme, "ann@" + acme + ".example.com", null);
        long before = eventCount();
        assertProblem(admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"ANN@" + acme + ".example.com\",\"displayName\":\"Ann again\"}"), 409, "email-taken");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void ldapImportOfAKnownDnUpdatesAndNeverDuplicates() {
        String batch = """
                {"entries":[{"dn":"cn=ann,dc=%1$s","email":"ann@%1$s.example.com","displayName":"Ann"},
                            {"dn":"cn=bob,dc=%1$s","email":"bob@%1$s.example.com","displayName":"Bob"}]}""".formatted(acme);
        JsonNode first = admin(acme, HttpMethod.POST, "/api/users/ldap-import", batch).getBody();
        assertThat(first.path("created").asInt()).isEqualTo(2);
        JsonNode second = admin(acme, HttpMethod.POST, "/api/users/ldap-import", batch.replace("\"Bob\"", "\"Robert\"")).getBody();
        assertThat(second.path("created").asInt()).isZero();
        assertThat(second.path("updated").asInt()).isEqualTo(1);
        assertThat(second.path("unchanged").asInt()).isEqualTo(1);
        createUser(acme, "carol@" + acme + ".example.com", null);
        JsonNode conflict = admin(acme, HttpMethod.POST, "/api/users/ldap-import", """
                {"entries":[{"dn":"cn=carol,dc=%1$s","email":"carol@%1$s.example.com","displayName":"Carol"}]}"""
                .formatted(acme)).getBody();
        assertThat(conflict.path("rejected")).hasSize(1);
        assertThat(jdbc.sql("select count(*) from command_side.user_directory where email like ?")
                .param("%@" + acme + ".example.com").query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void aPinWorksOnceAndIsNeverLogged(CapturedOutput output) {
        String joe = createUser(acme, "joe@" + acme + ".example.com", null);
        String pin = invite(acme, joe).path("pin").asText();
        assertThat(login(acme, "joe@" + acme + ".example.com", pin).path("mustSetPassword").asBoolean()).isTrue();
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"joe@" + acme + ".example.com\",\"pin\":\"" + pin + "\"}"), 401, "pin-already-used");
        assertThat(output.getAll()).contains("Invitation for joe@" + acme).doesNotContain(pin);
    }

    @Test
    void wrongPinsLockThePinOutUntilANewOneIsIssued() {
        admin(acme, HttpMethod.PUT, "/api/settings/enrollment", """
                {"requirePin":true,"pinLength":8,"pinTtl":"PT1H","maxPinAttempts":2,
                 "profileValidity":"PT5M","nudgeInterval":"PT1H","nudgeMaxCount":3}""");
        String joe = createUser(acme, "joe@" + acme + ".example.com", "joes-password-1");
        String pin = invite(acme, joe).path("pin").asText();
        assertThat(pin).hasSize(8);
        String wrong = "{\"email\":\"joe@" + acme + ".example.com\",\"pin\":\"" + (pin.equals("00000000") ? "11111111" : "00000000") + "\"}";
        ResponseEntity<JsonNode> firstWrong = anonymous(HttpMethod.POST, "/t/" + acme + "/go/login", wrong);
        assertProblem(firstWrong, 401, "invalid-credentials");
        assertThat(firstWrong.getBody().path("attemptsLeft").asInt()).isEqualTo(1);
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/go/login", wrong), 423, "pin-locked-out");
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"joe@" + acme + ".example.com\",\"pin\":\"" + pin + "\"}"), 423, "pin-locked-out");
        assertThat(jdbc.sql("select payloadtype from eventstore.domainevententry where aggregateidentifier = ? order by sequencenumber")
                .param(joe).query(String.class).list()).endsWith(
                "org.mdmenroll.events.user.EnrollmentPinRejected", "org.mdmenroll.events.user.EnrollmentPinRejected",
                "org.mdmenroll.events.user.EnrollmentPinLockedOut");
        String newPin = admin(acme, HttpMethod.POST, "/api/users/" + joe + "/pins", null).getBody().path("pin").asText();
        assertThat(login(acme, "joe@" + acme + ".example.com", newPin).path("mustSetPassword").asBoolean()).isFalse();
    }

    @Test
    void linksOfAnOlderEnrollmentUrlVersionAreRefused() {
        assertThat(anonymous(HttpMethod.GET, "/t/" + acme + "/go?v=1", null).getStatusCode().value()).isEqualTo(200);
        JsonNode v2 = admin(acme, HttpMethod.POST, "/api/enrollment-urls", null).getBody();
        assertThat(v2.path("version").asInt()).isEqualTo(2);
        assertThat(v2.path("url").asText()).isEqualTo("https://" + acme + ".mdm.example.com/t/" + acme + "/go?v=2");
        assertProblem(anonymous(HttpMethod.GET, "/t/" + acme + "/go?v=1", null), 410, "enrollment-url-outdated");
        assertThat(anonymous(HttpMethod.GET, "/t/" + acme + "/go?v=2", null).getStatusCode().value()).isEqualTo(200);
        String joe = createUser(acme, "joe@" + acme + ".example.com", null);
        String pin = invite(acme, joe).path("pin").asText();
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"joe@" + acme + ".example.com\",\"pin\":\"" + pin + "\",\"urlVersion\":1}"),
                410, "enrollment-url-outdated");
    }

    @Test
    void managedAppleIdsMustBeInTheTenantsDomain() {
        String joe = createUser(acme, "joe@" + acme + ".example.com", null);
        assertProblem(admin(acme, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@other.example.com\"}"), 400, "managed-apple-id-domain");
        assertThat(admin(acme, HttpMethod.PUT, "/api/users/" + joe + "/account-driven-enrollment",
                "{\"managedAppleId\":\"joe@" + acme + ".mdm.example.com\"}").getStatusCode().value()).isEqualTo(200);
        assertThat(admin(acme, HttpMethod.DELETE, "/api/users/" + joe + "/account-driven-enrollment", null)
                .getStatusCode().value()).isEqualTo(204);
        assertProblem(admin(acme, HttpMethod.DELETE, "/api/users/" + joe + "/account-driven-enrollment", null),
                409, "account-driven-enrollment-not-allowed");
    }
}
