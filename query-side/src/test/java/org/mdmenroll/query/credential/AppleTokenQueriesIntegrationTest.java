package org.mdmenroll.query.credential;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** ADE and VPP tokens in the credentials list: several per tenant, with expiry, renewal and status. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppleTokenQueriesIntegrationTest extends QuerySideTest {

    private final TenantId acme = TenantId.random();
    private final CredentialId ade = CredentialId.random();
    private final CredentialId otherAde = CredentialId.random();
    private final CredentialId vpp = CredentialId.random();

    @Test
    void adeAndVppTokensShowTheirYear() {
        String admin = account("admin-" + run, Role.AUDITOR, acme);
        String other = account("other-" + run, Role.AUDITOR, TenantId.random());
        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        Instant soon = Instant.now().plus(Duration.ofDays(10));

        append("AdeToken", ade, new AdeTokenUploaded(ade, acme, "mdm@acme.example.com", "Acme Main", soon, "v1.sealed"));
        append("AdeToken", otherAde, new AdeTokenUploaded(otherAde, acme, "it@acme.example.com", "Acme Lab", inAYear,
                "v1.sealed"));
        append("VppToken", vpp, new VppTokenUploaded(vpp, acme, "Sales", "Acme Inc.", inAYear, "v1.sealed"));

        JsonNode adeRow = await(admin, ade, c -> c.path("status").asText().equals("EXPIRING"));
        assertThat(adeRow.path("kind").asText()).isEqualTo("ADE_TOKEN");
        assertThat(adeRow.path("appleId").asText()).isEqualTo("mdm@acme.example.com");
        assertThat(adeRow.path("serverName").asText()).isEqualTo("Acme Main");
        assertThat(adeRow.path("uploadedAt").asText()).isNotEmpty();
        assertThat(adeRow.toString()).doesNotContain("sealed");
        assertThat(await(admin, otherAde, c -> c.path("status").asText().equals("VALID")).path("serverName").asText())
                .isEqualTo("Acme Lab");
        JsonNode vppRow = await(admin, vpp, c -> c.path("status").asText().equals("VALID"));
        assertThat(vppRow.path("kind").asText()).isEqualTo("VPP_TOKEN");
        assertThat(vppRow.path("location").asText()).isEqualTo("Sales");
        assertThat(vppRow.path("orgName").asText()).isEqualTo("Acme Inc.");
        assertThat(vppRow.path("daysLeft").asLong()).isBetween(363L, 365L);

        append("AdeToken", ade, new CredentialExpiryWarned(ade, acme, CredentialKind.ADE_TOKEN, 14, soon));
        append("AdeToken", ade, new CredentialExpired(ade, acme, CredentialKind.ADE_TOKEN, soon));
        await(admin, ade, c -> c.path("status").asText().equals("EXPIRED") && c.path("lastWarningDaysLeft").asInt() == 14);
        append("AdeToken", ade, new AdeTokenRenewed(ade, acme, "Acme Main", inAYear, "v1.sealed"));
        JsonNode renewed = await(admin, ade, c -> c.path("status").asText().equals("VALID"));
        assertThat(renewed.path("lastRenewedAt").asText()).isNotEmpty();
        assertThat(renewed.path("expiredAt").isMissingNode() || renewed.path("expiredAt").isNull()).isTrue();

        append("VppToken", vpp, new VppTokenRenewed(vpp, acme, "Acme Corp.", soon, "v1.sealed"));
        JsonNode vppRenewed = await(admin, vpp, c -> c.path("orgName").asText().equals("Acme Corp."));
        assertThat(vppRenewed.path("status").asText()).isEqualTo("EXPIRING");
        assertThat(vppRenewed.path("location").asText()).isEqualTo("Sales");

        assertThat(get("/api/credentials", other).getBody().path("items")).isEmpty();
    }

    @Test
    void adeTokensShowTheirLastSyncRefusedOnesIncluded() {
        String admin = account("sync-admin-" + run, Role.AUDITOR, acme);
        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        append("AdeToken", ade, new AdeTokenUploaded(ade, acme, "mdm@acme.example.com", "Acme Main", inAYear, "v1.sealed"));
        JsonNode uploaded = await(admin, ade, c -> c.path("status").asText().equals("VALID"));
        assertThat(uploaded.path("lastSyncResult").asText("")).isEmpty();

        append("AdeToken", ade, new AdeDevicesSynced(ade, acme, true, 12, 0, 0, "cursor-kept-private", List.of()));
        JsonNode full = await(admin, ade, c -> c.path("lastSyncResult").asText().equals("12 devices (full fetch)"));
        assertThat(full.path("lastSyncAt").asText()).isNotEmpty();
        assertThat(full.toString()).doesNotContain("cursor-kept-private");

        append("AdeToken", ade, new AdeDevicesSynced(ade, acme, false, 2, 1, 0, "c2", List.of()));
        await(admin, ade, c -> c.path("lastSyncResult").asText().equals("2 added, 1 modified, 0 deleted"));
        append("AdeToken", ade, new AdeTokenUseRefused(ade, acme, "profile-assignment", "token-expired", "expired"));
        append("AdeToken", ade, new AdeTokenUseRefused(ade, acme, "device-sync", "T_C_NOT_SIGNED", "terms"));
        await(admin, ade, c -> c.path("lastSyncResult").asText().equals("refused by Apple: T_C_NOT_SIGNED"));
        append("AdeToken", ade, new AdeTokenUseRefused(ade, acme, "device-sync", "token-expired", "expired"));
        await(admin, ade, c -> c.path("lastSyncResult").asText().equals("refused: token expired"));
    }

    private JsonNode await(String username, CredentialId id, Predicate<JsonNode> condition) {
        return awaitItem("/api/credentials", username, "credentialId", id, condition);
    }
}
