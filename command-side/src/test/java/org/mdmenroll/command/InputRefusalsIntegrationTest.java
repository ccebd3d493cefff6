package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input the probe of issue 22 found answered with a 500 or taken as something it is not: ids of
 * another aggregate kind, text PostgreSQL cannot store, JSON values of the wrong type. Each is a
 * clear 4xx problem, and nothing is recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class InputRefusalsIntegrationTest extends CommandSideRestTest {

    private String userId;

    @BeforeEach
    void tenantsAndAUser() {
        createTenantsWithAdmins();
        userId = createUser(acme, "joe@" + acme + ".example.com", "joes-password-1");
    }

    /** A user's id on a token path used to load the user's events as a token: a 500. */
    @Test
    void anIdOfAnotherKindIsTheEndpointsNotFound() {
        String tenantAggregate = jdbc.sql("select aggregateidentifier from eventstore.domainevententry"
                + " where type = 'Tenant' limit 1").query(String.class).single();
        long before = eventCount();
        for (String otherKind : new String[] {userId, tenantAggregate}) {
            assertProblem(adminUpload(acme, "/api/apple/vpp/tokens/" + otherKind + "/renewal", "token",
                    "x.vpptoken", "not a token".getBytes(StandardCharsets.UTF_8), Map.of()), 404, "vpp-token-not-found");
            assertProblem(admin(acme, HttpMethod.POST, "/api/apple/vpp/tokens/" + otherKind + "/license-assignments",
                    "{\"adamId\":\"408709785\",\"serialNumbers\":[\"C02XY\"]}"), 404, "vpp-token-not-found");
            assertProblem(admin(acme, HttpMethod.POST, "/api/apple/vpp/tokens/" + otherKind + "/license-revocations",
                    "{\"adamId\":\"408709785\",\"serialNumbers\":[\"C02XY\"]}"), 404, "vpp-token-not-found");
            assertProblem(admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/" + otherKind + "/sync", null), 404,
                    "ade-token-not-found");
            assertProblem(admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/" + otherKind + "/profile-assignments",
                    "{\"serialNumbers\":[\"C02XY\"],\"profileUuid\":\"P1\"}"), 404, "ade-token-not-found");
            assertProblem(admin(acme, HttpMethod.PUT, "/api/apple/ade/tokens/" + otherKind + "/default-profile",
                    "{\"profileUuid\":\"P1\"}"), 404, "ade-token-not-found");
            assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + otherKind + "/retire", null), 404,
                    "unknown-device");
            assertProblem(admin(acme, HttpMethod.DELETE, "/api/android/enrollment-tokens/" + otherKind, null), 404,
                    "unknown-enrollment-token");
        }
        // The same answers as for an id nobody has.
        assertProblem(admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/" + UUID.randomUUID() + "/sync", null), 404,
                "ade-token-not-found");
        assertProblem(admin(acme, HttpMethod.POST, "/api/users/" + tenantAggregate + "/invitations", null), 404,
                "unknown-user");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void textPostgresCannotStoreIsA400AndNothingIsRecorded() {
        long before = eventCount();
        // JSON: a NUL (was a 500 from PostgreSQL) and an unpaired surrogate (was stored).
        ResponseEntity<JsonNode> nul = admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"nul\\u0000@acme.example\",\"displayName\":\"N\"}");
        assertProblem(nul, 400, "malformed-request");
        assertThat(nul.getBody().path("field").asText()).isEqualTo("email");
        ResponseEntity<JsonNode> surrogate = admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"s@acme.example\",\"displayName\":\"S\\ud800\"}");
        assertProblem(surrogate, 400, "malformed-request");
        assertThat(surrogate.getBody().path("field").asText()).isEqualTo("displayName");
        assertProblem(admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"s@acme.example\",\"displayName\":\"S\\udc00x\"}"), 400, "malformed-request");
        // A pair is a character like any other.
        assertThat(admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"emoji@acme.example\",\"displayName\":\"S \\ud83d\\ude00\"}").getStatusCode().value())
                .isEqualTo(201);
        long afterEmoji = eventCount();
        assertThat(afterEmoji).isGreaterThan(before);

        // A form field and a query parameter.
        HttpHeaders form = new HttpHeaders();
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<JsonNode> signIn = raw(HttpMethod.POST, "/t/" + acme + "/account-driven/sign-in", form,
                "email=joe%00@x.example&password=p&acknowledged=true");
        assertProblem(signIn, 400, "malformed-request");
        assertThat(signIn.getBody().path("field").asText()).isEqualTo("email");
        ResponseEntity<JsonNode> query = raw(HttpMethod.POST, "/api/users/" + userId + "/invitations?note=a%00b",
                basic(acme + "-admin", "admin-password-1"), null);
        assertProblem(query, 400, "malformed-request");
        assertThat(query.getBody().path("field").asText()).isEqualTo("note");
        assertThat(eventCount()).isEqualTo(afterEmoji);
        assertThat(jdbc.sql("select count(*) from command_side.user_directory where email like 'nul%' or email = 's@acme.example'")
                .query(Long.class).single()).isZero();
    }

    /** {"password":123456789} used to be taken as the string "123456789" and recorded. */
    @Test
    void aJsonValueOfTheWrongTypeIsNotConverted() {
        long before = eventCount();
        ResponseEntity<JsonNode> number = admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"n@acme.example\",\"displayName\":\"N\",\"password\":123456789}");
        assertProblem(number, 400, "malformed-request");
        assertThat(number.getBody().path("field").asText()).isEqualTo("password");
        assertThat(number.getBody().toString()).doesNotContain("123456789");
        ResponseEntity<JsonNode> bool = admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":true,\"displayName\":\"N\"}");
        assertProblem(bool, 400, "malformed-request");
        assertThat(bool.getBody().path("field").asText()).isEqualTo("email");
        ResponseEntity<JsonNode> stringForBoolean = admin(acme, HttpMethod.POST, "/api/apple/ade/tokens/"
                + UUID.randomUUID() + "/profiles", "{\"profileName\":\"P\",\"supervised\":\"true\"}");
        assertProblem(stringForBoolean, 400, "malformed-request");
        assertThat(stringForBoolean.getBody().path("field").asText()).isEqualTo("supervised");
        ResponseEntity<JsonNode> inList = admin(acme, HttpMethod.POST, "/api/apple/vpp/tokens/" + UUID.randomUUID()
                + "/license-assignments", "{\"adamId\":\"1\",\"serialNumbers\":[\"A\",7]}");
        assertProblem(inList, 400, "malformed-request");
        assertThat(inList.getBody().path("field").asText()).isEqualTo("serialNumbers[1]");
        assertThat(eventCount()).isEqualTo(before);
        // The right types still work.
        assertThat(admin(acme, HttpMethod.POST, "/api/users",
                "{\"email\":\"n@acme.example\",\"displayName\":\"N\",\"password\":\"123456789\"}")
                .getStatusCode().value()).isEqualTo(201);
    }

    /** The bytes as given: a String URL would be encoded again by the template ({@code %} as {@code %25}). */
    private ResponseEntity<JsonNode> raw(HttpMethod method, String pathAndQuery, HttpHeaders headers, String body) {
        return rest.exchange(URI.create(rest.getRootUri() + pathAndQuery), method, new HttpEntity<>(body, headers),
                JsonNode.class);
    }
}
