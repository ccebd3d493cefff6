package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away under a running command side (as in a PostgreSQL restart): requests are
 * 503 database-unavailable with Retry-After, logged as a database failure, not as Axon's "Cannot
 * reuse aggregate identifier"; once it is back, the same request works (issue 22, item 8). The
 * test's database is its own, so cutting its connections disturbs no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "spring.datasource.hikari.connection-timeout=1000"})
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnavailableIntegrationTest extends CommandSideRestTest {

    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();
    private static final String NAME = DATABASE.url().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.registerSeparate(registry, DATABASE);
    }

    @AfterEach
    void databaseBack() throws SQLException {
        admin("alter database " + NAME + " allow_connections true");
    }

    @Test
    void aLostDatabaseIs503WithRetryAfterAndLoggedAsWhatItIs(CapturedOutput output) throws SQLException {
        createTenantsWithAdmins();
        String login = "{\"email\":\"nobody@example.com\",\"pin\":\"123456\"}";
        assertThat(anonymous(HttpMethod.POST, "/t/" + acme + "/go/login", login).getStatusCode().value())
                .isEqualTo(401);

        admin("alter database " + NAME + " allow_connections false");
        admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + NAME + "'");

        ResponseEntity<JsonNode> device = anonymous(HttpMethod.POST, "/t/" + acme + "/go/login", login);
        assertUnavailable(device);
        ResponseEntity<JsonNode> command = operator(HttpMethod.POST, "/api/tenants",
                "{\"slug\":\"late-" + run + "\",\"name\":\"Late\",\"hostDomain\":\"late-" + run + ".mdm.example.com\"}");
        assertUnavailable(command);
        assertThat(output.getAll()).contains("Database unavailable")
                .doesNotContain("Cannot reuse aggregate identifier");

        admin("alter database " + NAME + " allow_connections true");
        // The pool connects again by itself (once its next attempt runs: no fixed delay is promised).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                anonymous(HttpMethod.POST, "/t/" + acme + "/go/login", login).getStatusCode().value() == 401);
    }

    private static void assertUnavailable(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(503);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(response.getBody().path("type").asText()).endsWith("/database-unavailable");
    }

    /** Runs {@code sql} on the shared test database's server, outside the cut database. */
    private static void admin(String sql) throws SQLException {
        TestPostgres.Database shared = TestPostgres.database();
        try (Connection connection = DriverManager.getConnection(shared.url(), shared.username(), shared.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
