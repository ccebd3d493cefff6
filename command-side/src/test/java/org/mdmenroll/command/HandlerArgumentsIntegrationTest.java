package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolved tenant and enrollment session answer in the order the handler methods once checked
 * them: a bad body first, then an unknown tenant (404), then the session (401); and the OpenAPI
 * document shows them as the path variable and header they are read from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class HandlerArgumentsIntegrationTest extends CommandSideRestTest {

    private static final String START = "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\"}";

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
    }

    @Test
    void aBadBodyAnswersBeforeTheTenantAndTheTenantBeforeTheSession() {
        assertProblem(anonymous(HttpMethod.POST, "/t/no-such-tenant/enrollments", "{\"platform\":"), 400,
                "malformed-request");
        assertProblem(anonymous(HttpMethod.POST, "/t/no-such-tenant/enrollments", START), 404, "unknown-tenant");
        assertProblem(anonymous(HttpMethod.POST, "/t/no-such-tenant/go/password", "{\"password\":\"a-new-password\"}"),
                404, "unknown-tenant");
        assertProblem(anonymous(HttpMethod.POST, "/t/" + acme + "/enrollments", START), 401, "invalid-session");
    }

    @Test
    void aSessionCountsOnlyInItsOwnTenant() {
        HttpHeaders acmeUser = enrollingUser(acme);
        assertThat(exchange(acmeUser, HttpMethod.POST, "/t/" + acme + "/enrollments", START).getStatusCode().value())
                .isEqualTo(201);
        assertProblem(exchange(acmeUser, HttpMethod.POST, "/t/" + globex + "/enrollments", START), 401,
                "invalid-session");
        HttpHeaders notBearer = new HttpHeaders();
        notBearer.set(HttpHeaders.AUTHORIZATION, "Token " + acmeUser.getFirst(HttpHeaders.AUTHORIZATION).substring(7));
        assertProblem(exchange(notBearer, HttpMethod.POST, "/t/" + acme + "/enrollments", START), 401,
                "invalid-session");
    }

    @Test
    void theOpenApiDocumentShowsThePathVariableAndTheHeader() {
        JsonNode paths = rest.getForObject("/v3/api-docs", JsonNode.class).path("paths");
        assertThat(parameters(paths.path("/t/{tenant}/enrollments/{deviceId}/cancel").path("post")))
                .containsExactly("path tenant true", "path deviceId true", "header Authorization false");
        assertThat(parameters(paths.path("/t/{tenant}/go/password").path("post")))
                .containsExactly("path tenant true", "header Authorization false");
        assertThat(parameters(paths.path("/t/{tenant}/go").path("get")))
                .containsExactly("path tenant true", "query v false");
        // The MachineInfo endpoints read the raw body themselves; the document still shows it.
        JsonNode adeEnroll = paths.path("/t/{tenant}/ade/enroll").path("post");
        assertThat(parameters(adeEnroll)).containsExactly("path tenant true");
        assertThat(adeEnroll.path("requestBody").path("content").has("application/pkcs7-signature")).isTrue();
        assertThat(paths.path("/t/{tenant}/account-driven/enroll/{mode}").path("post").path("requestBody")
                .path("content").has("application/x-www-form-urlencoded")).isTrue();
    }

    private static List<String> parameters(JsonNode operation) {
        List<String> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> parameters.add(parameter.path("in").asText() + " "
                + parameter.path("name").asText() + " " + parameter.path("required").asBoolean()));
        return parameters;
    }
}
