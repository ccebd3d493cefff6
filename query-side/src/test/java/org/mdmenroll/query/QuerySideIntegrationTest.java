package org.mdmenroll.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentPinLockedOut;
import org.mdmenroll.events.user.EnrollmentPinRejected;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.UserInvited;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side on a real PostgreSQL: events appended to the event store (as the command side
 * would) reach the projections, and the REST queries answer per tenant, filtered and paged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuerySideIntegrationTest extends QuerySideTest {

    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final UserId joe = UserId.random();
    private final UserId ann = UserId.random();
    private final UserId zoe = UserId.random();
    private final UserId globexUser = UserId.random();

    @BeforeEach
    void tenantsAccountsAndUsers() {
        tenant(acme, "acme-" + run);
        tenant(globex, "globex-" + run);
        account("op-" + run, Role.OPERATOR, null);
        account("admin-" + run, Role.ADMIN, acme);
        account("auditor-" + run, Role.AUDITOR, acme);
        account("globex-admin-" + run, Role.ADMIN, globex);

        Instant now = Instant.now();
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "Joe Bloggs"));
        append("User", joe, new UserInvited(joe, acme, InvitationId.random(), "https://x/t/acme/go?v=1", true, now.plusSeconds(600)));
        append("User", joe, new EnrollmentPinIssued(joe, acme, "{bcrypt}hash", now.plusSeconds(600), 3));
        append("User", ann, new LdapUserImported(ann, acme, "cn=ann,dc=acme", "ann@acme.example.com", "Ann Other"));
        append("User", ann, new AccountDrivenEnrollmentAllowed(ann, acme, "ann@acme.mdm.example.com",
                AccountDrivenEnrollmentMode.DEVICE));
        // Without a mode of its own (the tenant's applies), as revision-1 events and most users are.
        append("User", zoe, new LocalUserCreated(zoe, acme, "zoe@acme.example.com", "Zoe"));
        append("User", zoe, new AccountDrivenEnrollmentAllowed(zoe, acme, "zoe@acme.mdm.example.com", null));
        append("User", zoe, new EnrollmentPinIssued(zoe, acme, "{bcrypt}hash", now.plusSeconds(600), 2));
        append("User", zoe, new EnrollmentPinRejected(zoe, acme, 1));
        append("User", zoe, new EnrollmentPinRejected(zoe, acme, 2));
        append("User", zoe, new EnrollmentPinLockedOut(zoe, acme, 2));
        append("User", globexUser, new LocalUserCreated(globexUser, globex, "joe@globex.example.com", "Joe Globex"));
        awaitUsers("admin-" + run, 3);
        // The accounts projection may commit globex's admin in a later batch than acme's.
        awaitSignIn("globex-admin-" + run);
    }

    @Test
    void eachStepOfAUserShowsWithItsTime() {
        JsonNode joeView = get("/api/users/" + joe, "admin-" + run).getBody();
        assertThat(joeView.path("status").asText()).isEqualTo("PIN_PENDING");
        assertThat(joeView.path("invitedAt").asText()).isNotEmpty();
        assertThat(joeView.path("pinExpiresAt").asText()).isNotEmpty();
        JsonNode zoeView = get("/api/users/" + zoe, "auditor-" + run).getBody();
        assertThat(zoeView.path("status").asText()).isEqualTo("LOCKED_OUT");
        assertThat(zoeView.path("pinFailedAttempts").asInt()).isEqualTo(2);
        assertThat(zoeView.path("lockedOutAt").asText()).isNotEmpty();
        JsonNode annView = get("/api/users/" + ann, "admin-" + run).getBody();
        assertThat(annView.path("source").asText()).isEqualTo("LDAP");
        assertThat(annView.path("managedAppleId").asText()).isEqualTo("ann@acme.mdm.example.com");
        assertThat(annView.path("accountDrivenMode").asText()).isEqualTo("DEVICE");
        assertThat(joeView.path("accountDrivenMode").isNull() || joeView.path("accountDrivenMode").isMissingNode()).as("the tenant's mode applies").isTrue();
        assertThat(zoeView.path("managedAppleId").asText()).as("allowed without a mode of their own")
                .isEqualTo("zoe@acme.mdm.example.com");
        assertThat(zoeView.has("accountDrivenMode")).isFalse();
    }

    @Test
    void usersAreFilteredByStatusTextAndAccountDriven() {
        assertThat(emails("/api/users?status=LOCKED_OUT")).containsExactly("zoe@acme.example.com");
        assertThat(emails("/api/users?q=bloggs")).containsExactly("joe@acme.example.com");
        assertThat(emails("/api/users?accountDriven=true")).containsExactlyInAnyOrder("ann@acme.example.com",
                "zoe@acme.example.com");
        assertThat(emails("/api/users?q=%25")).isEmpty();
    }

    @Test
    void usersArePagedByOpaqueCursor() {
        List<String> seen = new ArrayList<>();
        String url = "/api/users?limit=2";
        JsonNode page = get(url, "admin-" + run).getBody();
        page.path("items").forEach(item -> seen.add(item.path("email").asText()));
        String cursor = page.path("nextCursor").asText();
        assertThat(cursor).isNotEmpty();
        JsonNode next = get(url + "&cursor=" + cursor, "admin-" + run).getBody();
        next.path("items").forEach(item -> seen.add(item.path("email").asText()));
        assertThat(next.has("nextCursor")).isFalse();
        assertThat(seen).containsExactly("ann@acme.example.com", "joe@acme.example.com", "zoe@acme.example.com");
    }

    @Test
    void noRequestOfOneTenantSeesAnotherTenantsUsers() {
        assertThat(emails("/api/users")).doesNotContain("joe@globex.example.com");
        ResponseEntity<JsonNode> foreign = get("/api/users/" + globexUser, "admin-" + run);
        assertProblem(foreign, 404, "unknown-user");
        ResponseEntity<JsonNode> own = get("/api/users/" + globexUser, "globex-admin-" + run);
        assertThat(own.getStatusCode().value()).isEqualTo(200);
        JsonNode tenants = get("/api/tenants", "globex-admin-" + run).getBody();
        assertThat(tenants.path("items")).hasSize(1);
        assertThat(tenants.path("items").get(0).path("slug").asText()).isEqualTo("globex-" + run);
    }

    @Test
    void operatorsSeeAllTenantsButNoUsers() {
        JsonNode tenants = get("/api/tenants", "op-" + run).getBody();
        List<String> slugs = new ArrayList<>();
        tenants.path("items").forEach(t -> slugs.add(t.path("slug").asText()));
        assertThat(slugs).contains("acme-" + run, "globex-" + run);
        JsonNode acmeView = null;
        for (JsonNode t : tenants.path("items")) {
            if (t.path("slug").asText().equals("acme-" + run)) {
                acmeView = t;
            }
        }
        assertThat(acmeView.path("enrollmentUrlVersion").asInt()).isEqualTo(1);
        assertThat(acmeView.path("settings").path("profileValidity").asText()).isEqualTo("PT5M");
        assertThat(acmeView.path("accountDrivenMode").asText()).as("the default: user enrollment").isEqualTo("USER");
        assertProblem(get("/api/users", "op-" + run), 403, "forbidden");
    }

    @Test
    void badRequestsAreProblems() {
        assertProblem(rest.getForEntity("/api/users", JsonNode.class), 401, "unauthenticated");
        assertProblem(get("/api/users?cursor=not-a-cursor", "admin-" + run), 400, "invalid-cursor");
        assertProblem(get("/api/users?limit=0", "admin-" + run), 400, "invalid-limit");
        assertProblem(get("/api/users?limit=501", "admin-" + run), 400, "invalid-limit");
        assertProblem(get("/api/users?status=NOPE", "admin-" + run), 400, "malformed-request");
        assertProblem(get("/api/users/not-a-uuid", "admin-" + run), 400, "malformed-request");
        assertProblem(get("/api/nothing-here", "admin-" + run), 404, "not-found");
        ResponseEntity<JsonNode> post = rest.exchange("/api/users", HttpMethod.POST,
                new HttpEntity<>(null, auth("admin-" + run)), JsonNode.class);
        assertProblem(post, 405, "method-not-allowed");
    }

    private List<String> emails(String url) {
        List<String> emails = new ArrayList<>();
        get(url, "admin-" + run).getBody().path("items").forEach(item -> emails.add(item.path("email").asText()));
        return emails;
    }

    private void awaitUsers(String username, int count) {
        Eventually.value("the users projection to catch up", () -> get("/api/users", username),
                page -> page.getStatusCode().value() == 200 && page.getBody().path("items").size() == count
                        && page.getBody().path("items").findValuesAsText("status").contains("LOCKED_OUT"));
    }
}
