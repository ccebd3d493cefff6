package org.mdmenroll.query.projection;

import org.mdmenroll.query.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.EnrollmentPinAccepted;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentPinLockedOut;
import org.mdmenroll.events.user.EnrollmentPinRejected;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.events.user.UserPasswordSet;
import org.mdmenroll.query.QuerySideSpringTest;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projection rebuilds on a real PostgreSQL: a projection built event by event and the same
 * projection rebuilt from the event store hold the same rows; progress, the rebuilding header,
 * refusals and roles as the REST contract has them.
 * <p>
 * This class has a database of its own on the test server. The other test classes' contexts stay
 * alive in the same JVM and run the same processors; on a shared database, under the same token
 * owner (the JVM name), they would go on storing their tokens over the ones a rebuild resets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectionRebuildIntegrationTest extends QuerySideSpringTest {

    /** Generous: no test here asserts how long a rebuild takes. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.registerSeparate(registry, DATABASE);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;

    private final String operator = "op-" + run;
    private final String admin = "admin-" + run;
    private final String auditor = "auditor-" + run;
    private final TenantId acme = TenantId.random();
    private int appended;

    @BeforeEach
    void aTenantWithUsersAndDevicesInEveryState() {
        tenant(acme, "acme-" + run);
        account(operator, Role.OPERATOR, null);
        account(admin, Role.ADMIN, acme);
        account(auditor, Role.AUDITOR, acme);
        Instant now = Instant.now();
        List<UserId> users = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            UserId user = UserId.random();
            users.add(user);
            String email = "user" + i + "@acme.example.com";
            if (i % 3 == 0) {
                append("User", user, new LdapUserImported(user, acme, "cn=user" + i + ",dc=acme", email, "User " + i));
            } else {
                append("User", user, new LocalUserCreated(user, acme, email, "User " + i));
            }
            switch (i % 6) {
                case 0 -> {
                    append("User", user, new LdapUserUpdated(user, acme, "cn=user" + i + ",dc=acme",
                            "renamed" + i + "@acme.example.com", "Renamed " + i));
                    append("User", user, new AccountDrivenEnrollmentAllowed(user, acme,
                            "user" + i + "@acme.mdm.example.com", null));
                }
                case 1 -> append("User", user, new UserInvited(user, acme, InvitationId.random(),
                        "https://acme/t/acme/go?v=1", false, now.plusSeconds(600)));
                case 2 -> {
                    append("User", user, new UserInvited(user, acme, InvitationId.random(),
                            "https://acme/t/acme/go?v=1", true, now.plusSeconds(600)));
                    append("User", user, new EnrollmentPinIssued(user, acme, "{bcrypt}hash", now.plusSeconds(600), 2));
                    append("User", user, new EnrollmentPinRejected(user, acme, 1));
                    append("User", user, new EnrollmentPinRejected(user, acme, 2));
                    append("User", user, new EnrollmentPinLockedOut(user, acme, 2));
                }
                case 3 -> {
                    append("User", user, new EnrollmentPinIssued(user, acme, "{bcrypt}hash", now.plusSeconds(600), 3));
                    append("User", user, new EnrollmentPinAccepted(user, acme));
                    append("User", user, new EnrollmentSessionStarted(user, acme, "sha256", now.plusSeconds(900), true));
                    append("User", user, new UserPasswordSet(user, acme, "{bcrypt}password"));
                }
                case 4 -> {
                    append("User", user, new UserPasswordSet(user, acme, "{bcrypt}password"));
                    append("User", user, new EnrollmentSessionStarted(user, acme, "sha256", now.plusSeconds(900), false));
                }
                default -> {
                    // created only
                }
            }
        }
        for (int i = 0; i < 30; i++) {
            Platform platform = Platform.values()[i % Platform.values().length];
            boolean apple = platform != Platform.ANDROID;
            DeviceId device = DeviceId.random();
            HardwareIdentity identity = apple
                    ? new HardwareIdentity("SERIAL" + run + i, "UDID-" + run + "-" + i, null, null)
                    : new HardwareIdentity("SERIAL" + run + i, null, "35" + (1000000000000L + i), "esid-" + run + i);
            append("Device", device, new EnrollmentStarted(device, acme, users.get(i % users.size()), platform,
                    apple ? "17.4" : "14", apple ? EnrollmentMethod.INVITATION : EnrollmentMethod.QR_CODE, identity,
                    new PushChannel(apple ? PushChannel.Type.APNS : PushChannel.Type.FCM, "sealed-token")));
            if (i % 6 == 0) {
                continue;
            }
            if (apple) {
                append("Device", device, new EnrollmentProfileDownloaded(device, acme, UUID.randomUUID(),
                        now.plusSeconds(300), null));
            }
            if (i % 6 == 1) {
                append("Device", device, new EnrollmentProfileInstallCancelled(device, acme));
                continue;
            }
            append("Device", device, new DeviceEnrolled(device, acme, apple ? "user" + i : null, false,
                    apple ? "com.apple.mgmt.External." + run : null));
            String info = "INFO-" + i;
            append("Device", device, new MdmCommandQueued(device, acme, info, "DeviceInformation",
                    apple ? MdmChannel.DEVICE : MdmChannel.ANDROID_AGENT, MdmCommandPurpose.INVENTORY,
                    Map.of("Queries", "DeviceName"), "v1.sealed-command"), MetaData.with("actorType", "DEVICE")
                    .and("actor", device.toString()));
            append("Device", device, new MdmCommandSent(device, acme, info, "DeviceInformation", 1));
            if (apple) {
                append("Device", device, new MdmCommandQueued(device, acme, "RENEW-" + i, "InstallProfile",
                        MdmChannel.DEVICE, MdmCommandPurpose.CERTIFICATE_RENEWAL, Map.of(), "v1.sealed-command"));
                append("Device", device, new IdentityCertificateRenewalRequested(device, acme, "RENEW-" + i,
                        UUID.randomUUID(), "9e".repeat(32), now.plus(Duration.ofDays(30))));
            }
            if (platform == Platform.MACOS) {
                append("Device", device, new BootstrapTokenEscrowed(device, acme, "v1.sealed-bootstrap-token"));
            }
            switch (i % 6) {
                case 3 -> {
                    append("Device", device, new DeviceRetired(device, acme));
                    append("Device", device, new MdmCommandCancelled(device, acme, info, "DeviceInformation",
                            MdmCommandCancelled.Reason.LEFT_MANAGEMENT));
                }
                case 4 -> append("Device", device, apple ? new DeviceWiped(device, acme)
                        : new ManualCaCertificatesRemoved(device, acme));
                case 5 -> {
                    append("Device", device, new DeviceReset(device, acme));
                    append("Device", device, new DeviceDeleted(device, acme));
                }
                default -> append("Device", device, new MdmCommandAcknowledged(device, acme, info,
                        "DeviceInformation", Map.of("answered", "DeviceName")));
            }
        }
        awaitCaughtUp("accounts");
        awaitCaughtUp("users");
        awaitCaughtUp("devices");
        awaitCaughtUp("device-commands");
        awaitCaughtUp("audit");
    }

    // ---------------------------------------------------------------- 1. rebuilt equals incremental

    @Test
    void rebuiltProjectionsHoldExactlyTheRowsTheIncrementalOnesHeld() {
        Map<String, List<Map<String, Object>>> before = snapshot();
        assertThat(before.get("app_user")).hasSizeGreaterThanOrEqualTo(24);
        assertThat(before.get("device")).hasSizeGreaterThanOrEqualTo(30);
        assertThat(before.get("device_user")).hasSizeGreaterThanOrEqualTo(24);
        assertThat(before.get("device_command")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(before.get("command_device")).hasSizeGreaterThanOrEqualTo(30);
        // a checkpoint signed before the rebuild
        ResponseEntity<JsonNode> signed = rest.exchange("/api/audit/checkpoints", HttpMethod.POST,
                new HttpEntity<>(auth(auditor)), JsonNode.class);
        assertThat(signed.getStatusCode().value()).as("%s", signed.getBody()).isEqualTo(201);
        long checkpoint = signed.getBody().path("position").asLong();

        ResponseEntity<JsonNode> users = post("users", operator);
        ResponseEntity<JsonNode> devices = post("devices", operator);
        ResponseEntity<JsonNode> audit = post("audit", operator);
        ResponseEntity<JsonNode> commands = post("device-commands", operator);
        for (ResponseEntity<JsonNode> started : List.of(users, devices, audit, commands)) {
            assertThat(started.getStatusCode().value()).as("body %s", started.getBody()).isEqualTo(202);
            assertThat(started.getBody().path("total").asLong()).isGreaterThanOrEqualTo(appended);
            assertThat(started.getBody().path("processed").asLong())
                    .isLessThanOrEqualTo(started.getBody().path("total").asLong());
            assertThat(started.getBody().path("startedAt").asText()).isNotEmpty();
        }
        assertThat(users.getBody().path("name").asText()).isEqualTo("users");
        assertThat(users.getHeaders().getLocation().getPath()).isEqualTo("/api/projections/users/rebuild");
        assertThat(devices.getHeaders().getLocation().getPath()).isEqualTo("/api/projections/devices/rebuild");
        assertThat(devices.getHeaders().getFirst(RebuildingHeaderFilter.HEADER)).contains("devices");

        for (String name : List.of("users", "devices", "audit", "device-commands")) {
            JsonNode done = awaitDone(name);
            assertThat(done.path("processed").asLong()).isEqualTo(done.path("total").asLong());
            assertThat(done.path("total").asLong()).isGreaterThanOrEqualTo(appended);
            assertThat(Instant.parse(done.path("finishedAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(done.path("startedAt").asText()));
        }

        Map<String, List<Map<String, Object>>> after = snapshot();
        before.forEach((table, rows) -> {
            assertThat(after.get(table)).as("rows of %s", table).hasSameSizeAs(rows);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(after.get(table).get(i)).as("row %d of %s", i, table).isEqualTo(rows.get(i));
            }
        });
        ResponseEntity<JsonNode> query = get("/api/users", admin);
        assertThat(query.getStatusCode().value()).isEqualTo(200);
        assertThat(query.getBody().path("items")).hasSize(24);
        assertThat(query.getHeaders().containsKey(RebuildingHeaderFilter.HEADER)).isFalse();
        // The rebuilt trail is the same chain, hash for hash, and it verifies.
        assertThat(before.get("audit_record")).hasSizeGreaterThanOrEqualTo(appended / 2);
        JsonNode verified = get("/api/audit/verify", auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        // ... so the checkpoint signed before the rebuild verifies after it
        JsonNode againstCheckpoint = get("/api/audit/verify?checkpoint=" + checkpoint, auditor).getBody();
        assertThat(againstCheckpoint.path("valid").asBoolean()).as(againstCheckpoint.toString()).isTrue();
        assertThat(againstCheckpoint.path("checkpoint").path("position").asLong()).isEqualTo(checkpoint);
        assertThat(againstCheckpoint.path("checkpoint").path("valid").asBoolean()).isTrue();
        assertThat(againstCheckpoint.path("checkpoint").path("hash").asText())
                .isEqualTo(signed.getBody().path("hash").asText());
    }

    // ---------------------------------------------------------------- 2. a running rebuild

    /**
     * A share lock on the users table holds the rebuild in its reset (the reset handler deletes
     * the rows) while reads go on, so the rebuild is certainly still running when we look.
     */
    @Test
    void aRunningRebuildIsAnnouncedShowsProgressAndCannotStartTwice() throws Exception {
        ResponseEntity<JsonNode> started;
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try {
                try (Statement statement = blocker.createStatement()) {
                    statement.execute("lock table query_side.app_user in share mode");
                }
                started = post("users", operator);
                assertThat(started.getStatusCode().value()).as("body %s", started.getBody()).isEqualTo(202);
                assertThat(started.getBody().path("status").asText()).isEqualTo("REBUILDING");

                ResponseEntity<JsonNode> again = post("users", operator);
                assertProblem(again, 409, "rebuild-in-progress");
                assertThat(again.getBody().path("name").asText()).isEqualTo("users");

                JsonNode running = get("/api/projections/users/rebuild", auditor).getBody();
                assertThat(running.path("status").asText()).isEqualTo("REBUILDING");
                assertThat(running.path("processed").asLong()).isLessThanOrEqualTo(running.path("total").asLong());
                assertThat(running.path("total").asLong()).isGreaterThanOrEqualTo(appended);
                assertThat(running.has("finishedAt")).isFalse();

                ResponseEntity<JsonNode> usersQuery = get("/api/users", admin);
                assertThat(usersQuery.getStatusCode().value()).isEqualTo(200);
                assertThat(usersQuery.getHeaders().getFirst(RebuildingHeaderFilter.HEADER)).isEqualTo("users");
                ResponseEntity<JsonNode> devicesQuery = get("/api/devices", auditor);
                assertThat(devicesQuery.getStatusCode().value()).isEqualTo(200);
                assertThat(devicesQuery.getHeaders().getFirst(RebuildingHeaderFilter.HEADER)).isEqualTo("users");
            } finally {
                blocker.rollback();
            }
        }

        JsonNode done = awaitDone("users");
        assertThat(done.path("processed").asLong()).isEqualTo(done.path("total").asLong())
                .isEqualTo(started.getBody().path("total").asLong());
        ResponseEntity<JsonNode> query = get("/api/users", admin);
        assertThat(query.getBody().path("items")).hasSize(24);
        assertThat(query.getHeaders().containsKey(RebuildingHeaderFilter.HEADER)).isFalse();
        assertThat(post("users", operator).getStatusCode().value()).as("a finished rebuild may run again")
                .isEqualTo(202);
        awaitDone("users");
    }

    // ---------------------------------------------------------------- 3. refusals and roles

    @Test
    void rebuildsAreRefusedAsProblems() {
        assertProblem(post("no-such-projection", operator), 404, "unknown-projection");
        assertProblem(get("/api/projections/no-such-projection/rebuild", auditor), 404, "unknown-projection");
        assertProblem(post("users", auditor), 403, "forbidden");
        // every projection holds all tenants' rows: a tenant's admin rebuilds none of them
        for (String shared : List.of("accounts", "tenants", "users", "devices", "audit")) {
            assertProblem(post(shared, admin), 403, "forbidden");
        }
        assertProblem(rest.exchange("/api/projections/users/rebuild", HttpMethod.POST, HttpEntity.EMPTY,
                JsonNode.class), 401, "unauthenticated");
        assertProblem(rest.getForEntity("/api/projections/users/rebuild", JsonNode.class), 401, "unauthenticated");
        assertProblem(rest.exchange("/api/projections/users/rebuild", HttpMethod.DELETE,
                new HttpEntity<>(auth(operator)), JsonNode.class), 405, "method-not-allowed");

        String apiDocs = rest.getForObject("/v3/api-docs", String.class);
        assertThat(apiDocs).contains("/api/projections/{name}/rebuild", "Projection-Rebuilding");

        ResponseEntity<JsonNode> watched = get("/api/projections/tenants/rebuild", auditor);
        assertThat(watched.getStatusCode().value()).isEqualTo(200);
        assertThat(watched.getBody().path("name").asText()).isEqualTo("tenants");
        assertThat(watched.getBody().path("status").asText()).isEqualTo("IDLE");
        assertThat(get("/api/projections/users/rebuild", operator).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/api/projections/users/rebuild", admin).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/api/projections/users/rebuild", auditor).getBody().path("status").asText())
                .as("the auditor's refused request started nothing").isNotEqualTo("REBUILDING");
    }

    @Test
    void loginsKeepWorkingWhileTheAccountsRebuild() throws Exception {
        // Enough account events before the last account's creation that its replay takes a while.
        AccountId filler = AccountId.random();
        append("Account", filler, new AccountCreated(filler, "filler-" + run, Role.AUDITOR, acme, "not-a-hash"));
        for (int i = 0; i < 3000; i++) {
            append("Account", filler, new AccountPasswordChanged(filler, "not-a-hash-" + i));
        }
        String late = account("late-" + run, Role.ADMIN, acme);
        awaitSignIn(late, admin);

        assertThat(post("accounts", operator).getStatusCode().value()).isEqualTo(202);
        List<String> refused = new ArrayList<>();
        int logins = 0;
        while (true) {
            String status = get("/api/projections/accounts/rebuild", operator).getBody().path("status").asText();
            for (String username : List.of(late, admin)) {
                int answer = get("/api/users", username).getStatusCode().value();
                logins++;
                if (answer != 200) {
                    refused.add(username + ": " + answer + " while " + status);
                }
            }
            if (!status.equals("REBUILDING")) {
                assertThat(status).isEqualTo("DONE");
                break;
            }
        }
        assertThat(refused).as("of %d logins during the rebuild", logins).isEmpty();
        assertThat(jdbc.sql("select count(*) from query_side.account_rebuild").query(Integer.class).single())
                .as("the shadow is emptied after the swap").isZero();
        assertThat(jdbc.sql("select password_hash from query_side.account where username = ?").param("filler-" + run)
                .query(String.class).single()).as("the rebuilt rows are in place").isEqualTo("not-a-hash-2999");
        assertThat(get("/api/users", late).getStatusCode().value()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new HashMap<>();
        tables.put("app_user", jdbc.sql("select * from query_side.app_user order by user_id").query().listOfRows());
        tables.put("device", jdbc.sql("select * from query_side.device order by device_id").query().listOfRows());
        tables.put("device_user",
                jdbc.sql("select * from query_side.device_user order by user_id").query().listOfRows());
        tables.put("device_command", jdbc.sql("select * from query_side.device_command order by device_id, command_uuid")
                .query().listOfRows());
        tables.put("command_device",
                jdbc.sql("select * from query_side.command_device order by device_id").query().listOfRows());
        tables.put("audit_record", jdbc.sql("select * from query_side.audit_record order by tenant_id, position")
                .query().listOfRows());
        tables.put("audit_chain_head",
                jdbc.sql("select * from query_side.audit_chain_head order by tenant_id").query().listOfRows());
        return tables;
    }

    /** Polls the rebuild until DONE; every answer on the way keeps processed within total. */
    private JsonNode awaitDone(String name) {
        JsonNode[] last = new JsonNode[1];
        await(() -> "rebuild of " + name + " done, last answer " + last[0], () -> {
            ResponseEntity<JsonNode> response = get("/api/projections/" + name + "/rebuild", auditor);
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            last[0] = response.getBody();
            assertThat(last[0].path("status").asText()).as("rebuild of %s: %s", name, last[0]).isNotEqualTo("FAILED");
            assertThat(last[0].path("processed").asLong()).isLessThanOrEqualTo(last[0].path("total").asLong());
            return last[0].path("status").asText().equals("DONE");
        });
        return last[0];
    }

    /** Waits until every segment of the processor handled the newest stored event. */
    private void awaitCaughtUp(String processorName) {
        long head = jdbc.sql("select coalesce(max(globalindex), 0) from eventstore.domainevententry")
                .query(Long.class).single();
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow();
        await(() -> processorName + " at global index " + head + ": " + processor.processingStatus(), () -> {
            List<Integer> segments = jdbc.sql("select segment from query_side.tokenentry where processorname = ?")
                    .param(processorName).query(Integer.class).list();
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            return !segments.isEmpty() && segments.stream().map(status::get).allMatch(tracker -> tracker != null
                    && tracker.getCurrentPosition().orElse(0) >= head);
        });
    }

    private static void await(java.util.function.Supplier<String> what, BooleanSupplier condition) {
        Eventually.until(TIMEOUT, what, condition);
    }

    private ResponseEntity<JsonNode> post(String projection, String username) {
        return rest.exchange("/api/projections/" + projection + "/rebuild", HttpMethod.POST,
                new HttpEntity<>(auth(username)), JsonNode.class);
    }

    /** Every event appended, the accounts' and tenants' too: a rebuild replays at least as many. */
    @Override
    protected Instant append(String type, Object aggregateId, Object event, MetaData metaData) {
        appended++;
        return super.append(type, aggregateId, event, metaData);
    }
}
