package org.mdmenroll.query.android;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Android enrollment as admins see it on a real PostgreSQL: the token list with each token's status,
 * and devices the agent enrolled in the Android entries view, with the command side's events
 * appended to the event store as it appends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AndroidEnrollmentQueriesIntegrationTest extends QuerySideTest {

    private final String admin = "admin-" + run;
    private final String auditor = "auditor-" + run;
    private final String globexAdmin = "globex-admin-" + run;
    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final UserId joe = UserId.random();

    @BeforeEach
    void tenantsAccountsAndAUser() {
        tenant(acme, "acme-" + run);
        tenant(globex, "globex-" + run);
        account(admin, Role.ADMIN, acme);
        account(auditor, Role.AUDITOR, acme);
        account(globexAdmin, Role.ADMIN, globex);
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "Joe Bloggs"));
        awaitSignIn(admin, auditor, globexAdmin);
    }

    @Test
    void tokensAreListedNewestFirstWithTheirStatusUseAndRefusals() {
        Instant inADay = Instant.now().plus(Duration.ofDays(1));
        EnrollmentTokenId active = token(joe, false, inADay);
        append("EnrollmentToken", active, new EnrollmentTokenRedeemed(active, acme, joe, 1));
        append("EnrollmentToken", active, new EnrollmentTokenRedeemed(active, acme, joe, 2));
        EnrollmentTokenId used = token(joe, true, inADay);
        append("EnrollmentToken", used, new EnrollmentTokenRedeemed(used, acme, joe, 1));
        append("EnrollmentToken", used, new EnrollmentTokenRefused(used, acme, EnrollmentTokenRefusal.ALREADY_USED));
        EnrollmentTokenId expired = token(null, false, Instant.now().minus(Duration.ofMinutes(1)));
        append("EnrollmentToken", expired, new EnrollmentTokenRefused(expired, acme, EnrollmentTokenRefusal.EXPIRED));
        EnrollmentTokenId revoked = token(null, true, inADay);
        append("EnrollmentToken", revoked, new EnrollmentTokenRevoked(revoked, acme));
        EnrollmentTokenId globexToken = EnrollmentTokenId.random();
        append("EnrollmentToken", globexToken, new EnrollmentTokenCreated(globexToken, globex, null, "ab".repeat(32),
                "v1.sealed", true, inADay));

        List<JsonNode> tokens = Eventually.value("four tokens, the revocation applied",
                () -> items("/api/android/enrollment-tokens", admin),
                items -> items.size() == 4 && items.get(0).path("status").asText().equals("REVOKED"));
        assertThat(tokens).extracting(t -> t.path("tokenId").asText()).containsExactly(revoked.toString(),
                expired.toString(), used.toString(), active.toString());
        assertThat(tokens).extracting(t -> t.path("status").asText())
                .containsExactly("REVOKED", "EXPIRED", "USED", "ACTIVE");
        JsonNode activeView = tokens.get(3);
        assertThat(activeView.path("redemptions").asInt()).isEqualTo(2);
        assertThat(activeView.path("userId").asText()).isEqualTo(joe.toString());
        assertThat(activeView.path("oneTime").asBoolean()).isFalse();
        assertThat(tokens.get(2).path("refusals").asInt()).isEqualTo(1);
        assertThat(tokens.get(2).path("lastRefusal").asText()).isEqualTo("ALREADY_USED");
        assertThat(tokens.get(1).path("lastRefusal").asText()).isEqualTo("EXPIRED");
        assertThat(tokens.get(0).path("revokedAt").isTextual()).isTrue();
        assertThat(tokens.toString()).doesNotContain("sealed").doesNotContain("ab".repeat(32));

        assertThat(items("/api/android/enrollment-tokens?status=active,used", admin))
                .extracting(t -> t.path("tokenId").asText()).containsExactly(used.toString(), active.toString());
        assertThat(items("/api/android/enrollment-tokens?status=EXPIRED", auditor))
                .extracting(t -> t.path("tokenId").asText()).containsExactly(expired.toString());

        JsonNode first = get("/api/android/enrollment-tokens?limit=3", admin).getBody();
        assertThat(first.path("items")).hasSize(3);
        JsonNode second = get("/api/android/enrollment-tokens?limit=3&cursor=" + first.path("nextCursor").asText(),
                admin).getBody();
        assertThat(second.path("items")).extracting(t -> t.path("tokenId").asText())
                .containsExactly(active.toString());
        assertThat(second.path("nextCursor").isMissingNode() || second.path("nextCursor").isNull()).isTrue();

        assertThat(items("/api/android/enrollment-tokens", globexAdmin))
                .extracting(t -> t.path("tokenId").asText()).containsExactly(globexToken.toString());
        assertProblem(get("/api/android/enrollment-tokens?status=LOST", admin), 400, "invalid-status");
        assertProblem(get("/api/android/enrollment-tokens?cursor=bogus", admin), 400, "invalid-cursor");
        assertProblem(get("/api/android/enrollment-tokens?limit=0", admin), 400, "invalid-limit");
    }

    @Test
    void devicesTheAgentEnrolledShowInTheAndroidEntriesViewWithTheirManagementMode() {
        EnrollmentTokenId token = token(joe, false, Instant.now().plus(Duration.ofDays(1)));
        HardwareIdentity pixel = new HardwareIdentity("AGENT-" + run, null, null, "esid-" + run);
        PushChannel fcm = new PushChannel(PushChannel.Type.FCM, "v1.sealed");
        // Android 14: a first entry, then a newer one that supersedes it once the agent says ENROLLED.
        DeviceId older = DeviceId.random();
        append("Device", older, new EnrollmentStarted(older, acme, joe, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE,
                pixel, fcm));
        append("Device", older, new AndroidAgentRegistered(older, acme, token, 34,
                AndroidManagementMode.WORK_PROFILE_COMPANY_OWNED, "cd".repeat(32)));
        append("Device", older, new DeviceEnrolled(older, acme, null, false, null));
        DeviceId newer = DeviceId.random();
        append("Device", newer, new EnrollmentStarted(newer, acme, joe, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE,
                pixel, fcm));
        append("Device", newer, new AndroidAgentRegistered(newer, acme, token, 34, AndroidManagementMode.FULLY_MANAGED,
                "ef".repeat(32)));
        append("Device", newer, new DeviceEnrolled(newer, acme, null, false, null));
        append("Device", older, new DeviceEntrySuperseded(older, acme, newer));
        // Android 9 re-enrolls its one entry; the agent registers again with its own mode.
        HardwareIdentity nine = new HardwareIdentity("NINE-" + run, null, null, null);
        DeviceId nineEntry = DeviceId.random();
        append("Device", nineEntry, new EnrollmentStarted(nineEntry, acme, joe, Platform.ANDROID, "9",
                EnrollmentMethod.QR_CODE, nine, null));
        append("Device", nineEntry, new AndroidAgentRegistered(nineEntry, acme, token, 28,
                AndroidManagementMode.FULLY_MANAGED, "ab".repeat(32)));
        append("Device", nineEntry, new DeviceEnrolled(nineEntry, acme, null, false, null));
        append("Device", nineEntry, new DeviceReEnrolled(nineEntry, acme, joe, "9", EnrollmentMethod.QR_CODE, nine,
                null));
        append("Device", nineEntry, new AndroidAgentRegistered(nineEntry, acme, token, 28,
                AndroidManagementMode.WORK_PROFILE_PERSONAL, "12".repeat(32)));

        JsonNode group = Eventually.value("the newer entry active, the older superseded",
                () -> get("/api/android/entries?hardwareId=esid-" + run, admin).getBody().path("items").path(0),
                g -> g.path("entries").size() == 2
                        && g.path("entries").path(1).path("status").asText().equals("INACTIVE"));
        assertThat(group.path("hardwareId").asText()).isEqualTo("esid-" + run);
        JsonNode newest = group.path("entries").path(0);
        assertThat(newest.path("deviceId").asText()).isEqualTo(newer.toString());
        assertThat(newest.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(newest.path("method").asText()).isEqualTo("QR_CODE");
        assertThat(newest.path("managementMode").asText()).isEqualTo("FULLY_MANAGED");
        assertThat(group.path("entries").path(1).path("managementMode").asText()).isEqualTo("WORK_PROFILE_COMPANY_OWNED");
        assertThat(group.path("entries").path(1).path("supersededBy").asText()).isEqualTo(newer.toString());

        JsonNode nineGroup = Eventually.value("the Android 9 entry re-enrolled with its new agent",
                () -> get("/api/android/entries?hardwareId=NINE-" + run, admin).getBody().path("items").path(0),
                g -> g.path("entries").path(0).path("managementMode").asText().equals("WORK_PROFILE_PERSONAL"));
        assertThat(nineGroup.path("entries")).hasSize(1);
        assertThat(nineGroup.path("entries").path(0).path("status").asText()).isEqualTo("PENDING");
        assertThat(get("/api/devices/" + newer, admin).getBody().path("managementMode").asText())
                .isEqualTo("FULLY_MANAGED");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private EnrollmentTokenId token(UserId user, boolean oneTime, Instant expiresAt) {
        EnrollmentTokenId id = EnrollmentTokenId.random();
        append("EnrollmentToken", id, new EnrollmentTokenCreated(id, acme, user, "ab".repeat(32), "v1.sealed", oneTime,
                expiresAt));
        return id;
    }

    /** Appends as the command side does; a pause keeps creation times apart, so "newest first" is defined. */
    /** Tokens are listed newest first: events 2 ms apart keep their timestamps apart. */
    @Override
    protected Instant append(String type, Object aggregateId, Object event, MetaData metaData) {
        Instant at = super.append(type, aggregateId, event, metaData);
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return at;
    }
}
