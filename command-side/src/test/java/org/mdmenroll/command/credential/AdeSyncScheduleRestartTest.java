package org.mdmenroll.command.credential;

import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideApplication;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadAdeToken;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.mdmenroll.command.tenant.TenantCommands.CreateTenant;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's sync schedule survives a restart: uploaded under one command side (an hour's interval,
 * so nothing runs), the schedule falls due while no service runs, and the next command side syncs
 * the token and schedules the following run an interval later.
 */
class AdeSyncScheduleRestartTest {

    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();
    private static final ServerToken SAMPLE = new ServerToken("CK_restart", "CS_restart-secret", "AT_restart-token",
            "AS_restart-secret");
    private static final FakeDeviceAssignmentService ADE = fake();

    @AfterAll
    static void stopApple() {
        ADE.close();
    }

    @Test
    void aScheduleThatFellDueWhileNoServiceRanSyncsOnTheNextStart() throws Exception {
        ADE.knowing(SAMPLE).withDevices("C02RST111", "C02RST222");
        CredentialId tokenId = CredentialId.random();
        Instant uploadedAt;
        try (ConfigurableApplicationContext first = start()) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            TenantId tenant = TenantId.random();
            String slug = "ade-restart-" + UUID.randomUUID().toString().substring(0, 8);
            commands.sendAndWait(new CreateTenant(tenant, slug, "Restart", slug + ".mdm.example.com"));
            Instant expiry = Instant.now().plus(Duration.ofDays(300)).truncatedTo(ChronoUnit.SECONDS);
            uploadedAt = Instant.now();
            commands.sendAndWait(new UploadAdeToken(tokenId, tenant, "mdm@restart.example.com",
                    new AdeServerToken(SAMPLE.consumerKey(), "Restart MDM", expiry, "{\"consumer_key\":\""
                            + SAMPLE.consumerKey() + "\",\"consumer_secret\":\"" + SAMPLE.consumerSecret()
                            + "\",\"access_token\":\"" + SAMPLE.accessToken() + "\",\"access_secret\":\""
                            + SAMPLE.accessSecret() + "\",\"access_token_expiry\":\"" + expiry + "\"}")));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> nextRun(tokenId) != null);
            assertThat(nextRun(tokenId)).isAfter(uploadedAt.plus(Duration.ofMinutes(59)));
        }
        assertThat(ADE.received).as("nothing synced before the interval").isEmpty();

        makeDue(tokenId);
        try (ConfigurableApplicationContext second = start()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> synced(tokenId).size() == 1);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> nextRun(tokenId).isAfter(Instant.now().plus(Duration.ofMinutes(59))));
        }
        assertThat(synced(tokenId).get(0)).contains("\"fullFetch\":true").contains("C02RST111").contains("C02RST222");
        assertThat(ADE.count("/server/devices")).isEqualTo(1);
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("spring.datasource.url", DATABASE.url()),
                Map.entry("spring.datasource.username", DATABASE.username()),
                Map.entry("spring.datasource.password", DATABASE.password()),
                Map.entry("spring.datasource.hikari.maximum-pool-size", "6"),
                Map.entry("mdm.secrets.key", TestPostgres.TEST_SECRETS_KEY),
                Map.entry("mdm.operator.username", "test-operator"),
                Map.entry("mdm.operator.password", "test-operator-password"),
                Map.entry("server.port", "0"),
                Map.entry("db-scheduler.polling-interval", "500ms"),
                Map.entry("mdm.ade.sync-interval", "PT1H"),
                Map.entry("mdm.ade.first-sync-delay", "PT1H"),
                Map.entry("mdm.apple.device-assignment.base-url", ADE.baseUrl()));
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    private static Instant nextRun(CredentialId tokenId) throws SQLException {
        List<Instant> runs = query("select execution_time from command_side.scheduled_tasks"
                + " where task_name = '" + AdeSyncSchedule.TASK + "' and task_instance = ?", tokenId,
                rs -> rs.getTimestamp(1).toInstant());
        return runs.isEmpty() ? null : runs.get(0);
    }

    private static List<String> synced(CredentialId tokenId) throws SQLException {
        return query("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                + " where aggregateidentifier = ? and payloadtype like '%.AdeDevicesSynced'", tokenId, rs -> rs.getString(1));
    }

    private static void makeDue(CredentialId tokenId) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
                "update command_side.scheduled_tasks set execution_time = now() where task_name = '"
                        + AdeSyncSchedule.TASK + "' and task_instance = ?")) {
            statement.setString(1, tokenId.toString());
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, CredentialId tokenId, Row<T> row) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tokenId.toString());
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
                return rows;
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(DATABASE.url(), DATABASE.username(), DATABASE.password());
    }

    private static FakeDeviceAssignmentService fake() {
        try {
            return new FakeDeviceAssignmentService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
