package org.mdmenroll.command.nudge;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideApplication;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.selfservice.EnrollmentController;
import org.mdmenroll.support.testing.apple.MockApns;
import org.mdmenroll.command.tenant.TenantCommands.ChangeEnrollmentSettings;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureApnsAppPush;
import org.mdmenroll.command.tenant.TenantCommands.CreateTenant;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.testing.TestPostgres;
import org.mdmenroll.support.testing.apple.AppPushTestKeys;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart of the command side in the middle of a device's nudges neither loses nor repeats one:
 * two Spring contexts, one after the other, on the same database. The first sends nudge 1 and is
 * shut down with nudge 2 scheduled; nudge 2 falls due while no service runs; the second context
 * sends it once, then nudge 3, and the saga stops at the limit.
 */
class EnrollmentNudgeRestartTest {

    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();
    private static final MockApns APNS = MockApns.startWithTokenAuth(EnrollmentNudgeIntegrationTest.validatingFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stopApns() {
        APNS.close();
    }

    @Test
    void aRestartMidSagaNeitherLosesNorDuplicatesANudge() throws Exception {
        String token = EnrollmentNudgeIntegrationTest.KNOWN_TOKENS.get(3);
        DeviceId device;
        try (ConfigurableApplicationContext first = start()) {
            device = nudgedDevice(first, token);
            makeDue(device);
            awaitNudges(token, 1);
            awaitEvents(device, 1);
            awaitNextNudgeScheduled(device);
        }

        // While no command side runs, nudge 2 falls due.
        assertThat(nudgeDeadlines(device)).isEqualTo(1);
        makeDue(device);
        Thread.sleep(2_000);
        assertThat(nudgesTo(token)).hasSize(1);

        try (ConfigurableApplicationContext second = start()) {
            awaitNudges(token, 2);
            awaitEvents(device, 2);
            awaitNextNudgeScheduled(device);
            Thread.sleep(3_000);
            assertThat(nudgesTo(token)).as("nudge 2 once, not again").hasSize(2);
            assertThat(nudgeAttempts(device)).containsExactly(1, 2);

            makeDue(device);
            awaitNudges(token, 3);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events(device).contains("EnrollmentNudgesStopped"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> nudgeDeadlines(device) == 0);
        }
        assertThat(nudgesTo(token)).extracting(received -> JSON.readTree(received.payload()).path("attempt").asInt())
                .containsExactly(1, 2, 3);
        assertThat(nudgeAttempts(device)).containsExactly(1, 2, 3);
        assertThat(events(device)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded",
                "EnrollmentNudgeSent", "EnrollmentNudgeSent", "EnrollmentNudgeSent", "EnrollmentNudgesStopped");
    }

    private static ConfigurableApplicationContext start() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", DATABASE.url());
        properties.put("spring.datasource.username", DATABASE.username());
        properties.put("spring.datasource.password", DATABASE.password());
        properties.put("mdm.secrets.key", TestPostgres.TEST_SECRETS_KEY);
        properties.put("mdm.operator.username", "test-operator");
        properties.put("mdm.operator.password", "test-operator-password");
        properties.put("server.port", "0");
        // the machine's PostgreSQL is shared: no more connections than the test needs
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        properties.put("mdm.app-push.apns.host", "localhost");
        properties.put("mdm.app-push.apns.port", String.valueOf(APNS.port()));
        properties.put("mdm.app-push.apns.trusted-server-certificate", APNS.serverCertificatePem());
        // as command-line arguments: above application.yml, as a deployment's settings are
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    /** A tenant nudging every minute, three times, with the app's APNs key; an iPhone that downloaded its profile. */
    private static DeviceId nudgedDevice(ConfigurableApplicationContext context, String apnsToken) {
        CommandGateway commands = context.getBean(CommandGateway.class);
        TenantId tenant = TenantId.random();
        String slug = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        commands.sendAndWait(new CreateTenant(tenant, slug, "Restart", slug + ".mdm.example.com"));
        EnrollmentSettings defaults = EnrollmentSettings.DEFAULTS;
        commands.sendAndWait(new ChangeEnrollmentSettings(tenant, new EnrollmentSettings(defaults.requirePin(),
                defaults.pinLength(), defaults.pinTtl(), defaults.maxPinAttempts(), Duration.ofHours(24),
                Duration.ofMinutes(1), 3, defaults.invitationValidity())));
        commands.sendAndWait(new ConfigureApnsAppPush(tenant, EnrollmentNudgeIntegrationTest.KEY_ID,
                EnrollmentNudgeIntegrationTest.TEAM_ID, EnrollmentNudgeIntegrationTest.TOPIC,
                ApnsAppPushConfigured.Environment.SANDBOX,
                AppPushTestKeys.pkcs8Pem(EnrollmentNudgeIntegrationTest.P8.getPrivate())));
        SecretBox secrets = context.getBean(SecretBox.class);
        DeviceEnrollments enrollments = context.getBean(DeviceEnrollments.class);
        DeviceId device = enrollments.start(tenant, UserId.random(), new DeviceEnrollments.Request(Platform.IOS, "17.4",
                EnrollmentMethod.IN_APP, new HardwareIdentity("F2L" + UUID.randomUUID().toString().substring(0, 8), null,
                null, null), new PushChannel(PushChannel.Type.APNS, secrets.seal(EnrollmentController.PUSH_TOKEN, apnsToken))))
                .deviceId();
        enrollments.send(tenant, device, new DownloadProfile(device, Duration.ofHours(24), "ab".repeat(32)));
        return device;
    }

    private static List<MockApns.Received> nudgesTo(String token) {
        return APNS.received().stream().filter(received -> received.deviceToken().equals(token)).toList();
    }

    private static void awaitNudges(String token, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> nudgesTo(token).size() >= count);
        assertThat(nudgesTo(token)).hasSize(count);
    }

    private static void awaitEvents(DeviceId device, int nudges) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> nudgeAttempts(device).size() == nudges);
    }

    private static void awaitNextNudgeScheduled(DeviceId device) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> query(
                "select count(*) from command_side.scheduled_tasks where not picked and " + NUDGE_OF_DEVICE,
                device, rs -> rs.getInt(1)).get(0) == 1 && nudgeDeadlines(device) == 1);
    }

    private static final String NUDGE_OF_DEVICE =
            "position(convert_to('{\"deviceId\":\"' || ? || '\",\"series\":', 'UTF8') in task_data) > 0";

    private static int nudgeDeadlines(DeviceId device) throws SQLException {
        return query("select count(*) from command_side.scheduled_tasks where " + NUDGE_OF_DEVICE, device,
                rs -> rs.getInt(1)).get(0);
    }

    private static void makeDue(DeviceId device) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
                "update command_side.scheduled_tasks set execution_time = now() where not picked and " + NUDGE_OF_DEVICE)) {
            statement.setString(1, device.toString());
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> events(DeviceId device) throws SQLException {
        return query("select payloadtype from eventstore.domainevententry where aggregateidentifier = ?"
                + " order by sequencenumber", device, rs -> rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1));
    }

    private static List<Integer> nudgeAttempts(DeviceId device) throws SQLException {
        return query("select convert_from(payload, 'UTF8') from eventstore.domainevententry where aggregateidentifier = ?"
                + " and payloadtype like '%.EnrollmentNudgeSent' order by sequencenumber", device, rs -> {
                    try {
                        return JSON.readTree(rs.getString(1)).path("attempt").asInt();
                    } catch (Exception e) {
                        throw new SQLException(e);
                    }
                });
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, DeviceId device, Row<T> row) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, device.toString());
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(DATABASE.url(), DATABASE.username(), DATABASE.password());
    }
}
