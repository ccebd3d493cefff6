package org.mdmenroll.command.device;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.selfservice.EnrollmentController;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device lifecycle through the device-facing and admin REST calls on a real PostgreSQL, with
 * the persistent profile-expiry deadline and the hardware lock. "Enrolled" has no public endpoint
 * (the Apple check-in and the Android agent send it), so these tests send it through
 * {@link DeviceEnrollments#enroll}, as those will.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class DeviceEnrollmentIntegrationTest extends CommandSideRestTest {

    private static final String PASSWORD = "joes-password-1";

    @Autowired
    DeviceEnrollments enrollments;
    @Autowired
    SecretBox secrets;

    private String joe;
    private String token;

    @BeforeEach
    void tenantsAndAUserWithASession() {
        createTenantsWithAdmins();
        uploadPushCertificate(acme);
        joe = "joe@" + acme + ".example.com";
        createUser(acme, joe, PASSWORD);
        token = session(acme, joe, PASSWORD);
    }

    @Test
    void iosEnrollsWithAProfileAndItsPushTokenIsStoredOnlyEncrypted() {
        JsonNode started = started(start(acme, token, apple("IOS", "17.4", "IN_APP",
                ",\"pushChannel\":{\"type\":\"APNS\",\"token\":\"apns-token-abcdef0123\"}")));
        String id = started.path("deviceId").asText();
        assertThat(started.path("reEnrolled").asBoolean()).isFalse();
        assertThat(started.path("profileUrl").asText()).isEqualTo("/t/" + acme + "/enrollments/" + id + "/profile");

        ResponseEntity<String> profile = profile(acme, token, id);
        assertThat(profile.getStatusCode().value()).isEqualTo(200);
        assertThat(profile.getHeaders().getContentType()).hasToString("application/x-apple-aspen-config");
        String profileId = payload(id, "EnrollmentProfileDownloaded").path("profileId").asText();
        assertThat(profile.getBody()).as("the signed plist names the profile").contains("<string>" + profileId.toUpperCase() + "</string>");

        enrollments.enroll(DeviceId.of(id), null, "com.apple.mgmt.External.test");
        assertThat(events(id)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded", "DeviceEnrolled");
        assertThat(status(id)).isEqualTo("ACTIVE");

        String stored = storedPayloads(id);
        assertThat(stored).doesNotContain("apns-token-abcdef0123");
        String sealed = payload(id, "EnrollmentStarted").path("pushChannel").path("sealedToken").asText();
        assertThat(secrets.open(SecretPurpose.APP_PUSH_TOKEN, sealed)).isEqualTo("apns-token-abcdef0123");
    }

    @Test
    void macosRecordsTheEnrolledUserAndAndroidEnrollsWithoutAProfile() {
        String mac = started(start(acme, token, apple("MACOS", "14.5", "PORTAL", ""))).path("deviceId").asText();
        profile(acme, token, mac);
        enrollments.enroll(DeviceId.of(mac), "jdoe", null);
        assertThat(payload(mac, "DeviceEnrolled").path("enrolledUser").asText()).isEqualTo("jdoe");

        JsonNode androidStarted = started(start(acme, token, android("14", "IN_APP", "R58N1234", "")));
        String android = androidStarted.path("deviceId").asText();
        assertThat(androidStarted.path("profileUrl").isTextual()).isFalse();
        assertProblem(exchange(bearer(token), HttpMethod.GET, "/t/" + acme + "/enrollments/" + android + "/profile",
                null), 409, "no-profile-for-platform");
        enrollments.enroll(DeviceId.of(android), null, null);
        assertThat(status(android)).isEqualTo("ACTIVE");
    }

    @Test
    void refusedStartsAreProblemsAndStoreNothing() {
        String pinOnly = "pin@" + acme + ".example.com";
        String pinUser = createUser(acme, pinOnly, null);
        String pin = admin(acme, HttpMethod.POST, "/api/users/" + pinUser + "/pins", null).getBody().path("pin").asText();
        String mustSetPassword = login(acme, pinOnly, pin).path("sessionToken").asText();
        admin(acme, HttpMethod.POST, "/api/enrollment-urls", null);
        long before = eventCount();

        assertProblem(start(acme, token, apple("IOS", "12.1", "IN_APP", "")), 400, "os-version-unsupported");
        assertProblem(start(acme, token, apple("MACOS", "10.15", "PORTAL", "")), 400, "os-version-unsupported");
        assertProblem(start(acme, token, apple("IOS", "13.7", "QR_CODE", "")), 400, "os-version-unsupported");
        assertProblem(start(acme, token, android("8", "QR_CODE", "SER1", "")), 400, "os-version-unsupported");
        assertProblem(start(acme, token, android("12", "ADE", "SER1", "")), 400, "method-not-started-here");
        assertProblem(start(acme, token, apple("IOS", "17.4", "ACCOUNT_DRIVEN", "")), 400, "method-not-started-here");
        assertProblem(start(acme, token, apple("IOS", "17.4", "ADE", "")), 400, "method-not-started-here");
        assertProblem(start(acme, token, apple("IOS", "seventeen", "IN_APP", "")), 400, "invalid-os-version");
        assertProblem(start(acme, token, "{\"platform\":\"ANDROID\",\"osVersion\":\"12\",\"method\":\"IN_APP\"}"),
                400, "hardware-identity-required");
        assertProblem(start(acme, token, "{\"platform\":\"WINDOWS\",\"osVersion\":\"11\",\"method\":\"IN_APP\"}"),
                400, "malformed-request");
        assertProblem(start(acme, token, "{\"osVersion\":\"17\",\"method\":\"IN_APP\"}"), 400, "invalid-request");
        assertProblem(start(acme, token, "{\"platform\":"), 400, "malformed-request");
        assertProblem(start(acme, mustSetPassword, apple("IOS", "17.4", "IN_APP", "")), 403, "password-required");
        assertProblem(start(acme, token, apple("IOS", "17.4", "INVITATION", ",\"urlVersion\":1")), 410,
                "enrollment-url-outdated");
        assertProblem(start(acme, "not-a-session", apple("IOS", "17.4", "IN_APP", "")), 401, "invalid-session");
        assertProblem(start(globex, token, apple("IOS", "17.4", "IN_APP", "")), 401, "invalid-session");
        assertProblem(start("no-such-tenant", token, apple("IOS", "17.4", "IN_APP", "")), 404, "unknown-tenant");

        assertThat(eventCount()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from command_side.device_entry where tenant_id = ?")
                .param(tenantId(acme).value()).query(Long.class).single()).isZero();
        // The QR code works from iOS 14 and Android 9.
        assertThat(start(acme, token, apple("IOS", "14.0", "QR_CODE", "")).getStatusCode().value()).isEqualTo(201);
        assertThat(start(acme, token, android("9", "QR_CODE", "SER9", "")).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void android9ReEnrollsOnItsOneEntry() {
        String first = started(start(acme, token, android("9", "IN_APP", "A9SERIAL", ""))).path("deviceId").asText();
        enrollments.enroll(DeviceId.of(first), null, null);
        admin(acme, HttpMethod.POST, "/api/devices/" + first + "/wipe", null);

        JsonNode again = started(start(acme, token, android("9", "IN_APP", "a9serial", "")));
        assertThat(again.path("deviceId").asText()).isEqualTo(first);
        assertThat(again.path("reEnrolled").asBoolean()).isTrue();
        enrollments.enroll(DeviceId.of(first), null, null);

        assertThat(entriesOf("A9SERIAL")).containsExactly(first);
        assertThat(events(first)).containsExactly("EnrollmentStarted", "DeviceEnrolled", "DeviceWiped",
                "DeviceReEnrolled", "DeviceEnrolled");
        assertThat(status(first)).isEqualTo("ACTIVE");
    }

    @Test
    void android10CreatesEntriesAndOnlyTheNewestActiveOneStaysActive() {
        String first = started(start(acme, token, android("10", "IN_APP", "A10SERIAL", ""))).path("deviceId").asText();
        enrollments.enroll(DeviceId.of(first), null, null);

        // An abandoned re-enrollment deactivates nothing.
        String abandoned = started(start(acme, token, android("11", "IN_APP", "A10SERIAL", ""))).path("deviceId").asText();
        assertThat(abandoned).isNotEqualTo(first);
        assertThat(status(first)).isEqualTo("ACTIVE");

        String newest = started(start(acme, token, android("12", "IN_APP", "A10SERIAL", ",\"imei\":\"356938035643809\"")))
                .path("deviceId").asText();
        enrollments.enroll(DeviceId.of(newest), null, null);
        assertThat(status(first)).isEqualTo("INACTIVE");
        assertThat(status(abandoned)).isEqualTo("PENDING");
        assertThat(status(newest)).isEqualTo("ACTIVE");
        assertThat(payload(first, "DeviceEntrySuperseded").path("supersededBy").asText()).isEqualTo(newest);
        assertThat(entriesOf("A10SERIAL")).containsExactly(newest, abandoned, first);

        // Re-enrolling an Android 10+ entry from the app makes a new entry too; a retired or reset
        // entry never has to be cleared by hand first.
        admin(acme, HttpMethod.POST, "/api/devices/" + newest + "/reset", null);
        JsonNode again = exchange(bearer(token), HttpMethod.POST, "/t/" + acme + "/enrollments/" + newest + "/re-enroll",
                "{\"osVersion\":\"13\"}").getBody();
        String fourth = again.path("deviceId").asText();
        assertThat(fourth).isNotIn(first, abandoned, newest);
        assertThat(again.path("reEnrolled").asBoolean()).isFalse();
        enrollments.enroll(DeviceId.of(fourth), null, null);
        assertThat(status(newest)).isEqualTo("INACTIVE");
        assertThat(payload(newest, "DeviceEntrySuperseded").path("supersededBy").asText()).isEqualTo(fourth);
        assertThat(activeEntriesOf("A10SERIAL")).containsExactly(fourth);
    }

    @Test
    void iosReEnrollsFromTheAppOnTheSameEntryWithANewProfile() {
        String id = started(start(acme, token, apple("IOS", "17.4", "IN_APP", ""))).path("deviceId").asText();
        profile(acme, token, id);
        enrollments.enroll(DeviceId.of(id), null, null);

        // Settings > Troubleshooting > Re-enroll: the server asks for confirmation first.
        long before = eventCount();
        ResponseEntity<JsonNode> unconfirmed = exchange(bearer(token), HttpMethod.POST,
                "/t/" + acme + "/enrollments/" + id + "/re-enroll", null);
        assertProblem(unconfirmed, 409, "confirmation-required");
        assertThat(unconfirmed.getBody().path("detail").asText()).contains("confirm");
        assertProblem(exchange(bearer(token), HttpMethod.POST, "/t/" + acme + "/enrollments/" + id + "/re-enroll",
                "{\"confirmed\":false}"), 409, "confirmation-required");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(status(id)).isEqualTo("ACTIVE");

        ResponseEntity<JsonNode> again = exchange(bearer(token), HttpMethod.POST,
                "/t/" + acme + "/enrollments/" + id + "/re-enroll", "{\"confirmed\":true}");
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody().path("deviceId").asText()).isEqualTo(id);
        assertThat(status(id)).isEqualTo("PENDING");
        profile(acme, token, id);
        enrollments.enroll(DeviceId.of(id), null, null);
        assertThat(events(id)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded", "DeviceEnrolled",
                "DeviceReEnrolled", "EnrollmentProfileDownloaded", "DeviceEnrolled");
    }

    @Test
    void aCancelledInstallResumesWithItsStillValidProfile() {
        String id = started(start(acme, token, apple("IOS", "16.0", "INVITATION", ""))).path("deviceId").asText();
        profile(acme, token, id);
        ResponseEntity<JsonNode> cancel = exchange(bearer(token), HttpMethod.POST,
                "/t/" + acme + "/enrollments/" + id + "/cancel", null);
        assertThat(cancel.getStatusCode().value()).isEqualTo(204);
        assertThat(status(id)).isEqualTo("INACTIVE");
        assertProblem(exchange(bearer(token), HttpMethod.POST, "/t/" + acme + "/enrollments/" + id + "/cancel", null),
                409, "device-status-conflict");

        enrollments.enroll(DeviceId.of(id), null, null);
        assertThat(status(id)).isEqualTo("ACTIVE");
        assertThat(events(id)).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded",
                "EnrollmentProfileInstallCancelled", "DeviceEnrolled");
    }

    @Test
    void anExpiredProfileIsRecordedByThePersistentDeadlineAndTheDeviceStartsAgain() throws Exception {
        String id = started(start(acme, token, apple("IOS", "17.4", "IN_APP", ""))).path("deviceId").asText();
        profile(acme, token, id);
        Instant validUntil = Instant.parse(payload(id, "EnrollmentProfileDownloaded").path("validUntil").asText());
        assertThat(Duration.between(Instant.now(), validUntil)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));

        // The deadline is a row of db-scheduler's table; make it due instead of waiting five minutes.
        int due = jdbc.sql("update command_side.scheduled_tasks set execution_time = now()"
                        + " where position(convert_to(?, 'UTF8') in task_data) > 0")
                .param(id).update();
        assertThat(due).isEqualTo(1);
        awaitEvent(id, "EnrollmentProfileExpired");

        assertProblem(exchange(bearer(token), HttpMethod.GET, "/t/" + acme + "/enrollments/" + id + "/profile", null),
                410, "profile-expired");
        long before = eventCount();
        try {
            enrollments.enroll(DeviceId.of(id), null, null);
            throw new AssertionError("an expired profile enrolled");
        } catch (org.mdmenroll.support.problem.Refusal refusal) {
            assertThat(refusal.type()).isEqualTo("profile-expired");
        }
        assertThat(eventCount()).isEqualTo(before);

        exchange(bearer(token), HttpMethod.POST, "/t/" + acme + "/enrollments/" + id + "/re-enroll",
                "{\"confirmed\":true}");
        assertThat(profile(acme, token, id).getStatusCode().value()).isEqualTo(200);
        enrollments.enroll(DeviceId.of(id), null, null);
        assertThat(status(id)).isEqualTo("ACTIVE");
    }

    @Test
    void adminActionsMoveTheStatusAndAreRefusedWhereTheyMakeNoSense() {
        String id = started(start(acme, token, android("13", "IN_APP", "ADMIN1", ""))).path("deviceId").asText();
        ResponseEntity<JsonNode> refused = admin(acme, HttpMethod.POST, "/api/devices/" + id + "/wipe", null);
        assertProblem(refused, 409, "device-status-conflict");
        // The HTTP status stays where RFC 9457 puts it; the entry's status has a member of its own.
        assertThat(refused.getBody().path("status").asInt()).isEqualTo(409);
        assertThat(refused.getBody().path("deviceStatus").asText()).isEqualTo("PENDING");
        assertThat(refused.getBody().path("action").asText()).isNotEmpty();
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + id + "/reset", null), 409, "device-status-conflict");
        enrollments.enroll(DeviceId.of(id), null, null);

        assertAction(HttpMethod.POST, id, "/reset", "RESET");
        assertAction(HttpMethod.POST, id, "/wipe", "WIPED");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + id + "/retire", null), 409, "device-status-conflict");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + id + "/reset", null), 409, "device-status-conflict");
        assertAction(HttpMethod.DELETE, id, "", "DELETED");
        assertProblem(admin(acme, HttpMethod.DELETE, "/api/devices/" + id, null), 409, "device-status-conflict");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + id + "/wipe", null), 409, "device-status-conflict");

        String pending = started(start(acme, token, apple("IOS", "17.4", "IN_APP", ""))).path("deviceId").asText();
        assertAction(HttpMethod.POST, pending, "/retire", "INACTIVE");

        String checkedOut = started(start(acme, token, android("13", "IN_APP", "ADMIN2", ""))).path("deviceId").asText();
        enrollments.enroll(DeviceId.of(checkedOut), null, null);
        enrollments.send(tenantId(acme), DeviceId.of(checkedOut), new CheckOutDevice(DeviceId.of(checkedOut)));
        assertThat(status(checkedOut)).isEqualTo("INACTIVE");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + checkedOut + "/wipe", null), 409,
                "device-status-conflict");

        long before = eventCount();
        assertProblem(admin(globex, HttpMethod.POST, "/api/devices/" + pending + "/retire", null), 404, "unknown-device");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/" + UUID.randomUUID() + "/retire", null), 404,
                "unknown-device");
        assertProblem(admin(acme, HttpMethod.POST, "/api/devices/not-a-uuid/retire", null), 400, "malformed-request");
        assertProblem(anonymous(HttpMethod.POST, "/api/devices/" + pending + "/retire", null), 401, "unauthenticated");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void devicesOfOtherUsersAreNotFoundFromTheirSessions() {
        String id = started(start(acme, token, apple("IOS", "17.4", "IN_APP", ""))).path("deviceId").asText();
        String ann = "ann@" + acme + ".example.com";
        createUser(acme, ann, "anns-password-1");
        String annToken = session(acme, ann, "anns-password-1");
        long before = eventCount();
        assertProblem(exchange(bearer(annToken), HttpMethod.GET, "/t/" + acme + "/enrollments/" + id + "/profile", null),
                404, "unknown-device");
        assertProblem(exchange(bearer(annToken), HttpMethod.POST, "/t/" + acme + "/enrollments/" + id + "/cancel", null),
                404, "unknown-device");
        assertProblem(exchange(bearer(annToken), HttpMethod.POST, "/t/" + acme + "/enrollments/" + id + "/re-enroll",
                null), 404, "unknown-device");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void concurrentEnrollmentsOfOneAndroidDeviceLeaveOneActiveEntry() throws Exception {
        int parallel = 8;
        // Android 12: each request makes a new entry; each entry then becomes active, all at once.
        List<String> entries = inParallel(parallel, () -> {
            String id = started(start(acme, token, android("12", "IN_APP", "RACE10", ""))).path("deviceId").asText();
            enrollments.enroll(DeviceId.of(id), null, null);
            return id;
        });
        assertThat(Set.copyOf(entries)).hasSize(parallel);
        assertThat(activeEntriesOf("RACE10")).hasSize(1);
        assertThat(jdbc.sql("select count(*) from eventstore.domainevententry where payloadtype like '%DeviceEntrySuperseded'"
                        + " and aggregateidentifier in (select device_id::text from command_side.device_entry where tenant_id = ?)")
                .param(tenantId(acme).value()).query(Long.class).single()).isEqualTo(parallel - 1);

        // Android 9: every concurrent request lands on the one entry.
        List<String> reused = inParallel(parallel, () ->
                started(start(acme, token, android("9", "IN_APP", "RACE9", ""))).path("deviceId").asText());
        assertThat(Set.copyOf(reused)).hasSize(1);
        assertThat(entriesOf("RACE9")).hasSize(1);
    }

    @Test
    void everyEventNamesItsActorAndTheRequestThatCausedIt() throws Exception {
        HttpHeaders device = bearer(token);
        device.set("X-Request-Id", "req-start-" + run);
        String id = started(exchange(device, HttpMethod.POST, "/t/" + acme + "/enrollments",
                android("12", "IN_APP", "META" + run, ""))).path("deviceId").asText();
        enrollments.enroll(DeviceId.of(id), null, null);
        String newer = started(start(acme, token, android("13", "IN_APP", "META" + run, ""))).path("deviceId").asText();
        enrollments.enroll(DeviceId.of(newer), null, null);
        HttpHeaders adminHeaders = basic(acme + "-admin", "admin-password-1");
        adminHeaders.set("X-Request-Id", "req-retire-" + run);
        ResponseEntity<JsonNode> retired = exchange(adminHeaders, HttpMethod.POST, "/api/devices/" + newer + "/retire", null);
        assertThat(retired.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-retire-" + run);

        String user = jdbc.sql("select user_id::text from command_side.user_directory where email = ?").param(joe)
                .query(String.class).single();
        JsonNode started = metadata(id, "EnrollmentStarted");
        assertThat(started.path("actorType").asText()).isEqualTo("USER");
        assertThat(started.path("actor").asText()).isEqualTo(user);
        assertThat(started.path("requestId").asText()).isEqualTo("req-start-" + run);
        JsonNode superseded = metadata(id, "DeviceEntrySuperseded");
        assertThat(superseded.path("actorType").asText()).isEqualTo("SYSTEM");
        assertThat(superseded.path("cause").asText()).isEqualTo("newer-entry-enrolled:" + newer);
        JsonNode retire = metadata(newer, "DeviceRetired");
        assertThat(retire.path("actorType").asText()).isEqualTo("ACCOUNT");
        assertThat(retire.path("actor").asText()).isEqualTo(acme + "-admin");
        assertThat(retire.path("requestId").asText()).isEqualTo("req-retire-" + run);

        // A deadline's event is the system's, linked to the request that downloaded the profile.
        String ios = started(start(acme, token, apple("IOS", "17.4", "IN_APP", ""))).path("deviceId").asText();
        HttpHeaders download = bearer(token);
        download.set("X-Request-Id", "req-download-" + run);
        assertThat(rest.exchange("/t/" + acme + "/enrollments/" + ios + "/profile", HttpMethod.GET,
                new HttpEntity<>(download), String.class).getStatusCode().value()).isEqualTo(200);
        jdbc.sql("update command_side.scheduled_tasks set execution_time = now()"
                + " where position(convert_to(?, 'UTF8') in task_data) > 0").param(ios).update();
        awaitEvent(ios, "EnrollmentProfileExpired");
        JsonNode expired = metadata(ios, "EnrollmentProfileExpired");
        assertThat(expired.path("actorType").asText()).isEqualTo("SYSTEM");
        assertThat(expired.path("cause").asText()).isEqualTo("deadline:profile-expiry");
        assertThat(expired.path("requestId").asText()).isEqualTo("req-download-" + run);
    }

    private JsonNode metadata(String id, String eventType) {
        String json = jdbc.sql("select convert_from(metadata, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like ? order by sequencenumber desc limit 1")
                .params(id, "%." + eventType).query(String.class).single();
        return readJson(json);
    }

    private static JsonNode readJson(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> inParallel(int count, Callable<String> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return task.call();
                }));
            }
            gate.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertAction(HttpMethod method, String id, String action, String status) {
        ResponseEntity<JsonNode> response = admin(acme, method, "/api/devices/" + id + action, null);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
        assertThat(response.getBody().path("status").asText()).isEqualTo(status);
        assertThat(status(id)).isEqualTo(status);
    }

    private static String apple(String platform, String osVersion, String method, String more) {
        return "{\"platform\":\"" + platform + "\",\"osVersion\":\"" + osVersion + "\",\"method\":\"" + method + "\""
                + more + "}";
    }

    private static String android(String osVersion, String method, String serial, String more) {
        return "{\"platform\":\"ANDROID\",\"osVersion\":\"" + osVersion + "\",\"method\":\"" + method
                + "\",\"serialNumber\":\"" + serial + "\"" + more + "}";
    }

    private ResponseEntity<JsonNode> start(String tenant, String session, String json) {
        return exchange(bearer(session), HttpMethod.POST, "/t/" + tenant + "/enrollments", json);
    }

    private static JsonNode started(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return response.getBody();
    }

    private ResponseEntity<String> profile(String tenant, String session, String id) {
        ResponseEntity<String> response = rest.exchange("/t/" + tenant + "/enrollments/" + id + "/profile",
                HttpMethod.GET, new HttpEntity<>(bearer(session)), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return response;
    }

    private String session(String tenant, String email, String password) {
        ResponseEntity<JsonNode> response = anonymous(HttpMethod.POST, "/t/" + tenant + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody().path("sessionToken").asText();
    }

    private static HttpHeaders bearer(String session) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(session);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
        return headers;
    }

    private TenantId tenantId(String slug) {
        return jdbc.sql("select tenant_id from command_side.tenant_directory where slug = ?").param(slug)
                .query((rs, row) -> new TenantId(rs.getObject(1, UUID.class))).single();
    }

    private String status(String id) {
        return jdbc.sql("select status from command_side.device_entry where device_id = ?")
                .param(UUID.fromString(id)).query(String.class).single();
    }

    /** Entries of the hardware with this serial, newest first. */
    private List<String> entriesOf(String serial) {
        return jdbc.sql("""
                        select e.device_id::text from command_side.device_entry e
                        join command_side.device_identifier i on i.device_id = e.device_id
                        where i.kind = 'serial' and i.value = ? and e.tenant_id = ?
                        order by e.started_at desc, e.device_id desc""")
                .params(serial, tenantId(acme).value()).query(String.class).list();
    }

    private List<String> activeEntriesOf(String serial) {
        return entriesOf(serial).stream().filter(id -> status(id).equals("ACTIVE")).toList();
    }

    /** The deadline runs on db-scheduler's poll; wait for its event with Awaitility. */
    private void awaitEvent(String id, String eventType) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(events(id)).contains(eventType));
    }
}
