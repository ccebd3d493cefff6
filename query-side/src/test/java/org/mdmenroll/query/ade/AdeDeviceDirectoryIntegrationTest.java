package org.mdmenroll.query.ade;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.credential.AdeDefaultProfileSet;
import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;
import org.mdmenroll.events.credential.AdeEnrollmentProfileDefined;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ADE device directory on a real PostgreSQL: AdeToken and Device events appended as the command
 * side appends them become one row per device of the tenant (added, modified, removed by Apple,
 * listed by another token), linked to the newest entry that enrolled it by ADE; filtered, paged,
 * tenant-scoped, rebuildable; bad filters are problems. The tokens' profiles are listed too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdeDeviceDirectoryIntegrationTest extends QuerySideTest {

    private static final Instant ASSIGNED = Instant.parse("2026-11-20T08:00:00Z");

    private final String admin = "ade-admin-" + run;
    private final String operator = "ade-operator-" + run;
    private final String auditor = "ade-auditor-" + run;
    private final String globexAdmin = "ade-globex-" + run;
    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final CredentialId main = CredentialId.random();
    private final CredentialId branch = CredentialId.random();
    private final CredentialId globexToken = CredentialId.random();
    private final UserId joe = UserId.random();

    @BeforeEach
    void tenantsAndAccounts() {
        tenant(acme, "ade-acme-" + run);
        tenant(globex, "ade-globex-" + run);
        account(admin, Role.ADMIN, acme);
        account(operator, Role.OPERATOR, null);
        account(auditor, Role.AUDITOR, acme);
        account(globexAdmin, Role.ADMIN, globex);
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "Joe Bloggs"));
        awaitSignIn(admin, auditor, globexAdmin);
        Eventually.until(operator + " signing in",
                () -> get("/api/projections/ade-devices/rebuild", operator).getStatusCode().value() != 401);
    }

    private static AdeDevice device(String serial, String opType, String os, String profileStatus) {
        return new AdeDevice(serial, "iPad Pro", os, "iPad", profileStatus, null, opType, "IPAD PRO WI-FI 256GB",
                opType == null || opType.equals("added") ? "SPACE GRAY" : null, null, "admin@acme.example.com",
                ASSIGNED, opType == null ? null : Instant.parse("2026-11-22T09:00:00Z"));
    }

    private DeviceId enrolledByAde(String serial, EnrollmentMethod method, boolean enrolled) {
        DeviceId device = DeviceId.random();
        append("Device", device, new EnrollmentStarted(device, acme, joe, Platform.IOS, "18.1", method,
                new HardwareIdentity(serial, null, null, null), null));
        if (enrolled) {
            append("Device", device, new DeviceEnrolled(device, acme, null, false, "com.apple.mgmt.External.x"));
        }
        return device;
    }

    @Test
    void devicesAreListedWithApplesFactsTheirTokenRemovalAndTheEntryTheyEnrolledAs() {
        String suffix = run.toUpperCase().replaceAll("[^A-Z0-9]", "");
        String a = "A" + suffix, b = "B" + suffix, c = "C" + suffix, d = "D" + suffix, e = "E" + suffix;
        append("AdeToken", main, new AdeDevicesSynced(main, acme, true, 3, 0, 0, "c1",
                List.of(device(a, null, "iOS", "empty"), device(b, null, "iOS", "empty"), device(c, null, "iOS", "empty"))));
        append("AdeToken", main, new AdeProfileAssigned(main, acme, "PROFILE1", null, Map.of(a, "SUCCESS")));
        append("AdeToken", main, new AdeDevicesSynced(main, acme, false, 1, 1, 1, "c2",
                List.of(device(b, "modified", "iPadOS", "empty"), new AdeDevice(c, null, null, null, null, null,
                        "deleted", null, null, null, null, null, Instant.parse("2026-11-22T09:45:00Z")),
                        device(d, "added", "iOS", "empty"))));
        append("AdeToken", branch, new AdeDevicesSynced(branch, acme, true, 1, 0, 0, "x1",
                List.of(device(e, null, "iOS", "pushed"))));
        append("AdeToken", globexToken, new AdeDevicesSynced(globexToken, globex, true, 1, 0, 0, "g1",
                List.of(device("G" + suffix, null, "iOS", "empty"))));
        DeviceId older = enrolledByAde(a, EnrollmentMethod.ADE, false);
        DeviceId newer = enrolledByAde(a, EnrollmentMethod.ADE, true);
        enrolledByAde(b, EnrollmentMethod.IN_APP, true);

        Map<String, JsonNode> bySerial = Eventually.value("the directory with the ADE entry enrolled",
                () -> bySerial(items("/api/ade/devices?limit=500", admin)),
                rows -> rows.containsKey(d) && rows.containsKey(e) && rows.get(c).path("removed").asBoolean()
                        && rows.get(a).path("enrollment").path("status").asText().equals("ACTIVE"));
        assertThat(bySerial).containsOnlyKeys(a, b, c, d, e);

        JsonNode deviceA = bySerial.get(a);
        assertThat(deviceA.path("tokenId").asText()).isEqualTo(main.toString());
        assertThat(deviceA.path("profileStatus").asText()).isEqualTo("assigned");
        assertThat(deviceA.path("profileUuid").asText()).isEqualTo("PROFILE1");
        assertThat(deviceA.path("enrollment").path("deviceId").asText()).isEqualTo(newer.toString()).isNotEqualTo(older.toString());
        assertThat(deviceA.path("deviceAssignedBy").asText()).isEqualTo("admin@acme.example.com");
        assertThat(deviceA.path("deviceAssignedDate").asText()).isEqualTo(ASSIGNED.toString());
        assertThat(deviceA.path("removed").asBoolean()).isFalse();

        JsonNode deviceB = bySerial.get(b);
        assertThat(deviceB.path("os").asText()).isEqualTo("iPadOS");
        assertThat(deviceB.path("color").asText()).as("a fact Apple left out keeps what was known").isEqualTo("SPACE GRAY");
        assertThat(deviceB.path("lastOpType").asText()).isEqualTo("modified");
        assertThat(deviceB.has("enrollment")).as("enrolled, but not by ADE").isFalse();

        JsonNode deviceC = bySerial.get(c);
        assertThat(deviceC.path("removed").asBoolean()).isTrue();
        assertThat(deviceC.path("removedAt").asText()).isEqualTo("2026-11-22T09:45:00Z");
        assertThat(deviceC.path("model").asText()).as("the row is kept").isEqualTo("iPad Pro");
        assertThat(bySerial.get(e).path("tokenId").asText()).isEqualTo(branch.toString());

        assertThat(serials("/api/ade/devices?token=" + branch, admin)).containsExactly(e);
        assertThat(serials("/api/ade/devices?profileStatus=assigned,pushed", admin)).containsExactly(a, e);
        assertThat(serials("/api/ade/devices?removed=true", auditor)).containsExactly(c);
        assertThat(serials("/api/ade/devices?q=" + d.toLowerCase(), admin)).containsExactly(d);
        assertThat(serials("/api/ade/devices", globexAdmin)).containsExactly("G" + suffix);

        JsonNode first = get("/api/ade/devices?limit=2", admin).getBody();
        assertThat(first.path("items")).extracting(item -> item.path("serialNumber").asText()).containsExactly(a, b);
        JsonNode second = get("/api/ade/devices?limit=2&cursor=" + first.path("nextCursor").asText(), admin).getBody();
        assertThat(second.path("items")).extracting(item -> item.path("serialNumber").asText()).containsExactly(c, d);

        assertProblem(get("/api/ade/devices?token=not-a-token", admin), 400, "malformed-request");
        assertProblem(get("/api/ade/devices?profileStatus=lost", admin), 400, "invalid-profile-status");
        assertProblem(get("/api/ade/devices?cursor=%21%21", admin), 400, "invalid-cursor");
        assertProblem(get("/api/ade/devices?limit=0", admin), 400, "invalid-limit");
        assertThat(get("/api/ade/devices", "nobody-" + run).getStatusCode().value()).isEqualTo(401);

        // Rebuilt from the events (by an operator: the directory holds every tenant's rows), the directory is the same.
        ResponseEntity<JsonNode> rebuild = rest.exchange("/api/projections/ade-devices/rebuild", HttpMethod.POST,
                new HttpEntity<>(auth(operator)), JsonNode.class);
        assertThat(rebuild.getStatusCode().value()).as(String.valueOf(rebuild.getBody())).isEqualTo(202);
        Eventually.until("the rebuild done", () -> "DONE".equals(
                get("/api/projections/ade-devices/rebuild", admin).getBody().path("status").asText()));
        assertThat(bySerial(items("/api/ade/devices?limit=500", admin))).isEqualTo(bySerial);
    }

    @Test
    void theTokensProfilesAreListedWithItsDefault() {
        AdeEnrollmentProfile profile = new AdeEnrollmentProfile("Acme ADE", "https://acme.example.com/t/acme/ade/enroll",
                null, true, true, false, true, List.of("Siri"), "IT", null, "it@acme.example.com", "en", "US");
        append("AdeToken", main, new AdeEnrollmentProfileDefined(main, acme, "PROFILE1", profile));
        append("AdeToken", main, new AdeEnrollmentProfileDefined(main, acme, "PROFILE2", profile));
        append("AdeToken", main, new AdeDefaultProfileSet(main, acme, "PROFILE1"));
        append("AdeToken", main, new AdeDefaultProfileSet(main, acme, "PROFILE2"));
        String path = "/api/apple/ade/tokens/" + main + "/profiles";
        List<JsonNode> profiles = Eventually.value("both profiles, the second the default", () -> items(path, auditor),
                items -> items.size() == 2 && items.get(1).path("isDefault").asBoolean());
        assertThat(profiles.get(0).path("profileUuid").asText()).isEqualTo("PROFILE1");
        assertThat(profiles.get(0).path("isDefault").asBoolean()).isFalse();
        assertThat(profiles.get(0).path("profile").path("url").asText()).isEqualTo(profile.url());
        assertThat(profiles.get(0).path("profile").path("skipSetupItems").get(0).asText()).isEqualTo("Siri");
        assertThat(items(path, globexAdmin)).as("another tenant's token").isEmpty();
        assertProblem(get("/api/apple/ade/tokens/not-a-token/profiles", admin), 400, "malformed-request");
    }

    private List<String> serials(String url, String username) {
        return items(url, username).stream().map(item -> item.path("serialNumber").asText()).toList();
    }

    private static Map<String, JsonNode> bySerial(List<JsonNode> items) {
        Map<String, JsonNode> bySerial = new java.util.LinkedHashMap<>();
        new ArrayList<>(items).forEach(item -> bySerial.put(item.path("serialNumber").asText(), item));
        return bySerial;
    }
}
