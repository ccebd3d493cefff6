package org.mdmenroll.system;

import org.mdmenroll.support.testing.apple.ApplePushCertificates;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.testing.Http;
import org.mdmenroll.support.testing.ServiceProcess;
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
 * Whole stories through the packaged services as real processes on one PostgreSQL: an operator
 * creates a tenant and an admin, the admin creates and invites a user, the PIN login works once,
 * devices enroll, cancel, re-enroll as one or several Android entries and are retired or deleted;
 * the query side shows each step, and restarts keep everything, deadlines included.
 */
class EnrollmentSystemIT {

    private static final String OPERATOR = Http.basic("root-operator", "operator-password-1");
    private static final TestPostgres.Database DATABASE = TestPostgres.database();
    private static final Map<String, String> ENV = Map.of(
            "SPRING_DATASOURCE_URL", DATABASE.url(),
            "SPRING_DATASOURCE_USERNAME", DATABASE.username(),
            "SPRING_DATASOURCE_PASSWORD", DATABASE.password(),
            "MDM_OPERATOR_USER", "root-operator",
            "MDM_OPERATOR_PASSWORD", "operator-password-1",
            "MDM_SECRETS_KEY", TestPostgres.TEST_SECRETS_KEY);

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

    @Test
    void deviceStoriesReachTheDeviceListAndAndroidViewAndProfileExpirySurvivesARestart() throws Exception {
        String cmd = commandSide.baseUrl();
        String slug = "devices-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.post(cmd + "/api/tenants", OPERATOR,
                "{\"slug\":\"" + slug + "\",\"name\":\"Devices\",\"hostDomain\":\"" + slug + ".mdm.example.com\"}")
                .status()).isEqualTo(201);
        assertThat(http.post(cmd + "/api/tenants/" + slug + "/accounts", OPERATOR,
                "{\"username\":\"" + slug + "-admin\",\"password\":\"admin-password-1\",\"role\":\"ADMIN\"}")
                .status()).isEqualTo(201);
        String adminAuth = Http.basic(slug + "-admin", "admin-password-1");
        // Enrollment profiles name the tenant's MDM push topic: its push certificate comes first.
        String csr = http.get(cmd + "/api/apple/push-certificate/csr", adminAuth).body().asText();
        assertThat(http.upload(cmd + "/api/apple/push-certificate", adminAuth, "certificate", "MDM_Certificate.cer",
                ApplePushCertificates.issueFor(csr)).status()).isEqualTo(201);
        String email = "ann@" + slug + ".example.com";
        assertThat(http.post(cmd + "/api/users", adminAuth,
                "{\"email\":\"" + email + "\",\"displayName\":\"Ann\",\"password\":\"anns-password-1\"}")
                .status()).isEqualTo(201);
        String session = "Bearer " + http.post(cmd + "/t/" + slug + "/go/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"anns-password-1\"}").text("sessionToken");
        String enrollments = cmd + "/t/" + slug + "/enrollments";

        // iOS: start, download the profile, cancel during install.
        String ios = started(http.post(enrollments, session, "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\"}"));
        Http.Response profile = http.get(enrollments + "/" + ios + "/profile", session);
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.contentType()).isEqualTo("application/x-apple-aspen-config");
        assertThat(http.post(enrollments + "/" + ios + "/cancel", session, "").status()).isEqualTo(204);
        awaitDevice(ios, adminAuth, d -> d.path("status").asText().equals("INACTIVE")
                && d.path("lastStep").asText().equals("INSTALL_CANCELLED"));

        // Android 10 or newer: a second enrollment of the same hardware is a second entry.
        String hardware = "HW" + slug.substring(8).toUpperCase();
        String android = "{\"platform\":\"ANDROID\",\"osVersion\":\"%s\",\"method\":\"IN_APP\",\"serialNumber\":\"%s\"}";
        String first = started(http.post(enrollments, session, android.formatted("12", hardware)));
        String second = started(http.post(enrollments, session, android.formatted("13", hardware)));
        assertThat(second).isNotEqualTo(first);
        // Android 9 or older: the same hardware keeps its one entry.
        String legacy = "OLD" + hardware.substring(2);
        String old = started(http.post(enrollments, session, android.formatted("9", legacy)));
        assertThat(started(http.post(enrollments, session, android.formatted("9", legacy)))).isEqualTo(old);

        JsonNode group = awaitAndroid(hardware, adminAuth, g -> g.path("entries").size() == 2);
        assertThat(group.path("entries").get(0).path("deviceId").asText()).isEqualTo(second);
        assertThat(group.path("entries").get(1).path("deviceId").asText()).isEqualTo(first);
        JsonNode oldGroup = awaitAndroid(legacy, adminAuth, g -> g.path("entries").size() == 1);
        assertThat(oldGroup.path("entries").get(0).path("deviceId").asText()).isEqualTo(old);

        // Admin actions show in the list; a deleted entry leaves it but keeps its history.
        assertThat(http.post(cmd + "/api/devices/" + first + "/retire", adminAuth, "").status()).isEqualTo(200);
        assertThat(http.delete(cmd + "/api/devices/" + second, adminAuth).status()).isEqualTo(200);
        awaitDevice(first, adminAuth, d -> d.path("lastStep").asText().equals("RETIRED"));
        awaitDevice(second, adminAuth, d -> d.path("status").asText().equals("DELETED"));
        JsonNode listed = http.get(querySide.baseUrl() + "/api/devices?q=" + hardware, adminAuth).body();
        assertThat(listed.path("items").findValuesAsText("deviceId")).containsExactly(first);

        // The auditor's answer to "what happened to this device, who did it, and is the log intact?"
        assertThat(http.post(cmd + "/api/tenants/" + slug + "/accounts", OPERATOR,
                "{\"username\":\"" + slug + "-auditor\",\"password\":\"auditor-password-1\",\"role\":\"AUDITOR\"}")
                .status()).isEqualTo(201);
        String auditorAuth = Http.basic(slug + "-auditor", "auditor-password-1");
        JsonNode trail = await(querySide.baseUrl() + "/api/audit?deviceId=" + first, auditorAuth,
                page -> page.path("items").size() == 2);
        assertThat(trail.path("items").get(0).path("action").asText()).isEqualTo("DeviceRetired");
        assertThat(trail.path("items").get(0).path("actor").asText()).isEqualTo(slug + "-admin");
        assertThat(trail.path("items").get(1).path("action").asText()).isEqualTo("EnrollmentStarted");
        assertThat(trail.path("items").get(1).path("actorType").asText()).isEqualTo("USER");
        JsonNode verified = http.get(querySide.baseUrl() + "/api/audit/verify", auditorAuth).body();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(http.post(cmd + "/api/devices/" + first + "/retire", auditorAuth, "").status()).isEqualTo(403);

        // The profile-expiry deadline is kept in PostgreSQL: it fires after a restart of the command side.
        String pending = started(http.post(enrollments, session, "{\"platform\":\"IOS\",\"osVersion\":\"18.1\",\"method\":\"PORTAL\"}"));
        assertThat(http.get(enrollments + "/" + pending + "/profile", session).status()).isEqualTo(200);
        commandSide.stop();
        assertThat(makeDeadlinesOfDue(pending)).isEqualTo(1);
        commandSide.start();
        awaitDevice(pending, adminAuth, d -> d.path("lastStep").asText().equals("PROFILE_EXPIRED"));
        assertThat(eventsOf(pending)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded",
                "EnrollmentProfileExpired");
    }

    private static String started(Http.Response response) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(201);
        return response.text("deviceId");
    }

    private JsonNode awaitDevice(String deviceId, String auth, Predicate<JsonNode> condition) throws Exception {
        return await(querySide.baseUrl() + "/api/devices/" + deviceId, auth, condition);
    }

    /** The Android view's group holding this hardware id. */
    private JsonNode awaitAndroid(String hardwareId, String auth, Predicate<JsonNode> condition) throws Exception {
        return await(querySide.baseUrl() + "/api/android/entries?hardwareId=" + hardwareId, auth,
                page -> page.path("items").size() == 1 && condition.test(page.path("items").get(0)))
                .path("items").get(0);
    }

    private JsonNode await(String url, String auth, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = http.get(url, auth);
            last = response.body();
            if (response.status() == 200 && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The query side never showed the expected state at " + url + "; last answer: " + last);
    }

    /** Moves the device's deadlines (rows of db-scheduler's table) to now, as if their time had come. */
    private static int makeDeadlinesOfDue(String deviceId) throws Exception {
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.username(), DATABASE.password());
             PreparedStatement statement = connection.prepareStatement("update command_side.scheduled_tasks"
                     + " set execution_time = now() where position(convert_to(?, 'UTF8') in task_data) > 0")) {
            statement.setString(1, deviceId);
            return statement.executeUpdate();
        }
    }

    private JsonNode awaitUser(String userId, String auth, Predicate<JsonNode> condition) throws Exception {
        return await(querySide.baseUrl() + "/api/users/" + userId, auth, condition);
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
