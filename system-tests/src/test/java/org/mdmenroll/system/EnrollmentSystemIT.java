package org.mdmenroll.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.testing.TestPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's "done when", through the packaged services as real processes on one PostgreSQL:
 * an operator creates a tenant and an admin, the admin creates and invites a user, the PIN login
 * works once and is refused the second time, the query side shows each step, and a restart of
 * both services keeps everything.
 */
class EnrollmentFoundationIT {

    private static final String OPERATOR = Http.basic("root-operator", "operator-password-1");
    private static final TestPostgres.Database DATABASE = TestPostgres.database();
    private static final Map<String, String> ENV = Map.of(
            "SPRING_DATASOURCE_URL", DATABASE.url(),
            "SPRING_DATASOURCE_USERNAME", DATABASE.username(),
            "SPRING_DATASOURCE_PASSWORD", DATABASE.password(),
            "MDM_OPERATOR_USER", "root-operator",
            "MDM_OPERATOR_PASSWORD", "operator-password-1");

    private static final ServiceProcess commandSide = new ServiceProcess("command-side", "mdm.commandSideJar", ENV);
    private static final ServiceProcess querySide = new ServiceProcess("query-side", "mdm.querySideJar", ENV);
    private final Http http = new Http();

    @BeforeAll
    static void startServices() throws Exception {
        commandSide.start();
        querySide.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        commandSide.stop();
        querySide.stop();
    }

    @Test
    void operatorAdminInvitationAndOneTimePinLoginShowOnTheQuerySideAndSurviveARestart() throws Exception {
        String cmd = commandSide.baseUrl();
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);

        Http.Response tenant = http.post(cmd + "/api/tenants", OPERATOR,
                "{\"slug\":\"" + slug + "\",\"name\":\"Acme\",\"hostDomain\":\"" + slug + ".mdm.example.com\"}");
        assertThat(tenant.status()).isEqualTo(201);
        String tenantId = tenant.text("tenantId");

        Http.Response admin = http.post(cmd + "/api/tenants/" + slug + "/accounts", OPERATOR,
                "{\"username\":\"" + slug + "-admin\",\"password\":\"admin-password-1\",\"role\":\"ADMIN\"}");
        assertThat(admin.status()).isEqualTo(201);
        String adminAuth = Http.basic(slug + "-admin", "admin-password-1");

        Http.Response user = http.post(cmd + "/api/users", adminAuth,
                "{\"email\":\"joe@" + slug + ".example.com\",\"displayName\":\"Joe\"}");
        assertThat(user.status()).isEqualTo(201);
        String userId = user.text("userId");
        assertThat(eventsOf(userId)).containsExactly("LocalUserCreated");

        Http.Response invitation = http.post(cmd + "/api/users/" + userId + "/invitations", adminAuth, "");
        assertThat(invitation.status()).isEqualTo(201);
        assertThat(invitation.text("enrollmentUrl")).isEqualTo("https://" + slug + ".mdm.example.com/t/" + slug + "/go?v=1");
        String pin = invitation.text("pin");
        assertThat(pin).matches("\\d{6}");
        assertThat(eventStoreContains(pin)).as("the PIN is never stored in clear").isFalse();

        JsonNode invited = awaitUser(userId, adminAuth, u -> u.path("status").asText().equals("PIN_PENDING"));
        assertThat(invited.path("invitedAt").asText()).isNotEmpty();
        assertThat(invited.path("pinExpiresAt").asText()).isNotEmpty();

        String login = "{\"email\":\"joe@" + slug + ".example.com\",\"pin\":\"" + pin + "\",\"urlVersion\":1}";
        Http.Response first = http.post(cmd + "/t/" + slug + "/go/login", null, login);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("mustSetPassword").asBoolean()).isTrue();
        String session = "Bearer " + first.text("sessionToken");

        Http.Response second = http.post(cmd + "/t/" + slug + "/go/login", null, login);
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.text("type")).endsWith("/pin-already-used");
        awaitUser(userId, adminAuth, u -> u.path("status").asText().equals("PIN_ACCEPTED"));

        assertThat(http.post(cmd + "/t/" + slug + "/go/password", session, "{\"password\":\"joes-password-1\"}").status())
                .isEqualTo(204);
        awaitUser(userId, adminAuth, u -> u.path("status").asText().equals("PASSWORD_SET"));
        assertThat(eventsOf(userId)).containsExactly("LocalUserCreated", "UserInvited", "EnrollmentPinIssued",
                "EnrollmentPinAccepted", "EnrollmentSessionStarted", "UserPasswordSet");

        commandSide.stop();
        querySide.stop();
        commandSide.start();
        querySide.start();

        JsonNode afterRestart = http.get(querySide.baseUrl() + "/api/users/" + userId, adminAuth).body();
        assertThat(afterRestart.path("status").asText()).isEqualTo("PASSWORD_SET");
        assertThat(afterRestart.path("tenantId").asText()).isEqualTo(tenantId);
        Http.Response passwordLogin = http.post(commandSide.baseUrl() + "/t/" + slug + "/go/login", null,
                "{\"email\":\"joe@" + slug + ".example.com\",\"password\":\"joes-password-1\"}");
        assertThat(passwordLogin.status()).isEqualTo(200);
        assertThat(http.post(commandSide.baseUrl() + "/t/" + slug + "/go/login", null, login).text("type"))
                .endsWith("/pin-already-used");
    }

    private JsonNode awaitUser(String userId, String auth, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = http.get(querySide.baseUrl() + "/api/users/" + userId, auth);
            last = response.body();
            if (response.status() == 200 && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The query side never showed the expected state; last answer: " + last);
    }

    private static List<String> eventsOf(String aggregateId) throws Exception {
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.username(), DATABASE.password());
             PreparedStatement statement = connection.prepareStatement(
                     "select payloadtype from eventstore.domainevententry where aggregateidentifier = ? order by sequencenumber")) {
            statement.setString(1, aggregateId);
            List<String> types = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    types.add(type.substring(type.lastIndexOf('.') + 1));
                }
            }
            return types;
        }
    }

    private static boolean eventStoreContains(String text) throws Exception {
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.username(), DATABASE.password());
             PreparedStatement statement = connection.prepareStatement(
                     "select count(*) from eventstore.domainevententry where position(? in convert_from(payload, 'UTF8')) > 0")) {
            statement.setString(1, "\"" + text + "\"");
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
