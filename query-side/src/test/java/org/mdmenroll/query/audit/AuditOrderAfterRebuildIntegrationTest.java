package org.mdmenroll.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.Eventually;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KNOWN ISSUE, its acceptance test disabled until fixed (README "What a rebuild reproduces"): the
 * trail is chained in the order the audit processor sees a tenant's events, and with the JDBC event
 * store that is commit order, while a rebuild replays them in global-index order. An event whose
 * transaction took its global index first but committed after a later event of the same tenant
 * (two commands of one tenant in parallel) lands after it live and before it in a rebuild, so a
 * checkpoint signed over that part before the rebuild no longer verifies after it. Run by hand
 * (remove {@code @Disabled}) the second test shows exactly that: live order late, early; rebuilt
 * order early, late; verify: "the record at its position has another hash than the one it signed".
 * It is the acceptance test of the fix. The first test shows what the live trail tells meanwhile:
 * verify names the record a rebuild would move.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditOrderAfterRebuildIntegrationTest extends QuerySideSpringTest {

    private static final TestPostgres.Database DATABASE = TestPostgres.separateDatabase();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.registerSeparate(registry, DATABASE);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private final TenantId acme = TenantId.random();
    private final UserId early = UserId.random();
    private final UserId late = UserId.random();
    private String auditor;
    private String operator;

    /** The live trail says which record a rebuild would move, before anyone rebuilds. */
    @Test
    void aRecordChainedAfterAnEventWithAHigherGlobalIndexIsNamedByVerify() throws Exception {
        lateCommit();
        JsonNode verified = get("/api/audit/verify", auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as("%s", verified).isTrue();
        assertThat(verified.path("outOfEventStoreOrder").toString()).as("%s (order %s)", verified, order(acme))
                .isEqualTo("[5]");
        assertThat(order(acme).get(4)).contains(early.toString());
    }

    @Disabled("Known issue: commit order vs global-index order; see the class comment and README")
    @Test
    void aCheckpointVerifiesAfterARebuildEvenWhenAnEventCommittedAfterALaterOneOfItsTenant() throws Exception {
        lateCommit();
        List<String> live = order(acme);
        ResponseEntity<JsonNode> checkpoint = rest.exchange("/api/audit/checkpoints", HttpMethod.POST,
                new HttpEntity<>(auth(auditor)), JsonNode.class);
        assertThat(checkpoint.getStatusCode().value()).isEqualTo(201);
        rest.exchange("/api/projections/audit/rebuild", HttpMethod.POST, new HttpEntity<>(auth(operator)),
                JsonNode.class);
        Eventually.until(Duration.ofSeconds(60), () -> "the audit rebuild done", () -> "DONE".equals(
                get("/api/projections/audit/rebuild", auditor).getBody().path("status").asText()));
        JsonNode verified = get("/api/audit/verify?checkpoint=" + checkpoint.getBody().path("position").asLong(),
                auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as("live order %s, rebuilt %s: %s", live, order(acme),
                verified).isTrue();
    }

    /**
     * A tenant, then two users created in parallel: the first one's transaction takes its global
     * index first and commits only after the second one's event was chained (positions 4 and 5).
     */
    private void lateCommit() throws Exception {
        tenant(acme, "acme-" + run);
        auditor = account("auditor-" + run, Role.AUDITOR, acme);
        operator = account("op-" + run, Role.OPERATOR, null);
        awaitSignIn(auditor, operator);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread slow = new Thread(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            append("User", early, new LocalUserCreated(early, acme, "early@acme.example.com", "Early"),
                    MetaData.emptyInstance());
            inserted.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        slow.start();
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
        append("User", late, new LocalUserCreated(late, acme, "late@acme.example.com", "Late"),
                MetaData.emptyInstance());
        Eventually.until("the later event chained", () -> count(acme, late) == 1);
        release.countDown();
        slow.join();
        Eventually.until("the late-committed event chained", () -> count(acme, early) == 1);
    }

    private long count(TenantId acme, UserId user) {
        return jdbc.sql("select count(*) from audit_record where tenant_id = ? and user_id = ?").params(acme.value(), user.value()).query(Long.class).single();
    }

    private List<String> order(TenantId acme) {
        return jdbc.sql("select position || ':' || action || ':' || coalesce(user_id::text, '-') from audit_record where tenant_id = ? order by position")
                .param(acme.value()).query(String.class).list();
    }
}
