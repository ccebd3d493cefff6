package org.mdmenroll.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
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
 * The acceptance test of issue 22 item 7 (README "What a rebuild reproduces"): with the JDBC event
 * store the audit processor sees a tenant's events in commit order while a rebuild replays them in
 * global-index order. An event whose transaction took its global index first but committed after a
 * later event of the same tenant (two commands of one tenant in parallel) must still be chained
 * before it live, so that a rebuild makes the same chain, hash for hash, and a checkpoint signed
 * before the rebuild verifies after it. The later event waits in {@code audit_pending} until the
 * gap below it is filled.
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

    /** Live, the late-committed event is chained before the later one, in global-index order. */
    @Test
    void aLateCommittedEventIsChainedInGlobalIndexOrder() throws Exception {
        lateCommit();
        JsonNode verified = get("/api/audit/verify", auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as("%s", verified).isTrue();
        assertThat(verified.path("outOfEventStoreOrder").toString()).as("%s (order %s)", verified, order(acme))
                .isEqualTo("[]");
        List<String> order = order(acme);
        assertThat(order.get(order.size() - 2)).as("%s", order).contains(early.toString());
        assertThat(order.get(order.size() - 1)).as("%s", order).contains(late.toString());
    }

    @Test
    void aRebuildMakesTheSameChainAndACheckpointSignedBeforeItVerifiesAfterIt() throws Exception {
        lateCommit();
        ResponseEntity<JsonNode> checkpoint = rest.exchange("/api/audit/checkpoints", HttpMethod.POST,
                new HttpEntity<>(auth(auditor)), JsonNode.class);
        assertThat(checkpoint.getStatusCode().value()).isEqualTo(201);
        List<String> live = everyRecord();
        List<String> liveHeads = heads();
        rest.exchange("/api/projections/audit/rebuild", HttpMethod.POST, new HttpEntity<>(auth(operator)),
                JsonNode.class);
        Eventually.until(Duration.ofSeconds(60), () -> "the audit rebuild done", () -> "DONE".equals(
                get("/api/projections/audit/rebuild", auditor).getBody().path("status").asText()));
        Eventually.until(Duration.ofSeconds(60), () -> "every record chained again, rebuilt " + everyRecord(),
                () -> everyRecord().size() >= live.size() && pendingCount() == 0);
        assertThat(everyRecord()).as("every trail's records, field by field").isEqualTo(live);
        assertThat(heads()).as("every trail's head").isEqualTo(liveHeads);
        JsonNode verified = get("/api/audit/verify?checkpoint=" + checkpoint.getBody().path("position").asLong(),
                auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as("%s", verified).isTrue();
    }

    /**
     * A transaction that took a global index and rolled back leaves a gap that never fills: the
     * records after it are chained once the gap is older than the settle timeout (10 s).
     */
    @Test
    void aGapLeftByARolledBackTransactionHoldsTheTrailOnlyForTheSettleTimeout() throws Exception {
        tenant(acme, "acme-" + run);
        auditor = account("auditor-" + run, Role.AUDITOR, acme);
        awaitSignIn(auditor);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            append("User", early, new LocalUserCreated(early, acme, "early@acme.example.com", "Early"),
                    MetaData.emptyInstance());
            status.setRollbackOnly();
        });
        append("User", late, new LocalUserCreated(late, acme, "late@acme.example.com", "Late"),
                MetaData.emptyInstance());
        Eventually.until(Duration.ofSeconds(40), () -> "the event after the gap chained",
                () -> count(acme, late) == 1);
        assertThat(count(acme, early)).isZero();
        assertThat(pendingCount()).isZero();
        JsonNode verified = get("/api/audit/verify", auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as("%s", verified).isTrue();
    }

    /**
     * A tenant, then two users created in parallel: the first one's transaction takes its global
     * index first and commits only after the audit processor has seen the second one's event.
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
        // seen by the audit processor while the lower index is still in flight: it waits, unchained
        Eventually.until("the later event pending", () -> pendingCount(acme, late) == 1);
        assertThat(count(acme, late)).as("chained before the lower index committed").isZero();
        release.countDown();
        slow.join();
        Eventually.until("the late-committed event chained", () -> count(acme, early) == 1);
    }

    private long count(TenantId acme, UserId user) {
        return jdbc.sql("select count(*) from audit_record where tenant_id = ? and user_id = ?").params(acme.value(), user.value()).query(Long.class).single();
    }

    private long pendingCount(TenantId acme, UserId user) {
        return jdbc.sql("select count(*) from audit_pending where tenant_id = ? and user_id = ?").params(acme.value(), user.value()).query(Long.class).single();
    }

    private long pendingCount() {
        return jdbc.sql("select count(*) from audit_pending").query(Long.class).single();
    }

    /** Every trail's records as stored, each field, in trail and position order. */
    private List<String> everyRecord() {
        return jdbc.sql("select r::text from audit_record r order by tenant_id, position").query(String.class).list();
    }

    private List<String> heads() {
        return jdbc.sql("select h::text from audit_chain_head h order by tenant_id").query(String.class).list();
    }

    private List<String> order(TenantId acme) {
        return jdbc.sql("select position || ':' || action || ':' || coalesce(user_id::text, '-') from audit_record where tenant_id = ? order by position")
                .param(acme.value()).query(String.class).list();
    }
}
