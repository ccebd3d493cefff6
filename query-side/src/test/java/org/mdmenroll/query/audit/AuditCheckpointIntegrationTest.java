package org.mdmenroll.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed checkpoints of the audit trail on a real PostgreSQL: signed only when the head moved,
 * chained, verified by GET /api/audit/verify (a rewrite of every record and of the head is caught),
 * carried by every export, and checked offline by {@link AuditExportVerifier} with only the public key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditCheckpointIntegrationTest extends QuerySideTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    AuditCheckpoints checkpoints;

    @TempDir
    Path files;

    private final TenantId acme = TenantId.random();
    private String auditor;
    private String admin;
    private int users;

    @BeforeEach
    void aTenantWithATrail() {
        append("Tenant", acme, new TenantCreated(acme, "acme-" + run, "Acme", "acme-" + run + ".example.com",
                EnrollmentSettings.DEFAULTS), operator());
        admin = account("admin-" + run, Role.ADMIN, acme, operator());
        auditor = account("auditor-" + run, Role.AUDITOR, acme, operator());
        addUsers(3);
        awaitSignIn(auditor, admin);
    }

    @Test
    void aCheckpointIsSignedWhenTheHeadMovedChainsToTheOneBeforeAndVerifiesWithThePublishedKey() throws Exception {
        ResponseEntity<JsonNode> first = post("/api/audit/checkpoints", auditor);
        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(201);
        JsonNode signed = first.getBody();
        assertThat(signed.path("tenantId").asText()).isEqualTo(acme.toString());
        assertThat(signed.path("position").asLong()).isEqualTo(6);
        assertThat(signed.path("headHash").asText()).isEqualTo(recordHash(6));
        assertThat(signed.path("previousCheckpointHash").asText()).isEqualTo(AuditRecord.GENESIS);

        ResponseEntity<JsonNode> again = post("/api/audit/checkpoints", admin);
        assertThat(again.getStatusCode().value()).as("the head did not move").isEqualTo(200);
        assertThat(again.getBody().path("hash").asText()).isEqualTo(signed.path("hash").asText());

        addUsers(2);
        JsonNode second = post("/api/audit/checkpoints", auditor).getBody();
        assertThat(second.path("position").asLong()).isEqualTo(8);
        assertThat(second.path("previousCheckpointHash").asText()).isEqualTo(signed.path("hash").asText());

        List<JsonNode> listed = items("/api/audit/checkpoints", auditor);
        assertThat(listed).extracting(c -> c.path("position").asLong()).containsExactly(8L, 6L);
        JsonNode page = get("/api/audit/checkpoints?limit=1", auditor).getBody();
        assertThat(page.path("items")).hasSize(1);
        JsonNode next = get("/api/audit/checkpoints?limit=1&cursor=" + page.path("nextCursor").asText(), auditor)
                .getBody();
        assertThat(next.path("items").get(0).path("position").asLong()).isEqualTo(6);

        // the published key verifies the signature over the signed text, with the JDK alone
        ResponseEntity<String> pem = rest.exchange("/api/audit/signing-key", HttpMethod.GET,
                new HttpEntity<>(auth(auditor)), String.class);
        assertThat(pem.getStatusCode().value()).isEqualTo(200);
        assertThat(pem.getHeaders().getContentType().toString()).startsWith("application/x-pem-file");
        assertThat(pem.getBody()).startsWith("-----BEGIN PUBLIC KEY-----");
        PublicKey key = AuditExportVerifier.publicKey(pem.getBody());
        assertThat(pem.getHeaders().getFirst("X-Key-Id")).isEqualTo(second.path("keyId").asText());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(AuditCheckpoint.signedText(acme.value(), 8, second.path("headHash").asText(),
                java.time.Instant.parse(second.path("signedAt").asText()),
                second.path("previousCheckpointHash").asText()).getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(second.path("signature").asText()))).isTrue();

        // the private key is stored sealed only
        Map<String, Object> stored = jdbc.sql("select * from audit_signing_key").query().singleRow();
        assertThat((String) stored.get("private_key_sealed")).startsWith("v1.");
        assertThat(stored.toString()).doesNotContain("PRIVATE KEY").doesNotContain("MC4CAQAwBQYDK2Vw");

        assertThat(rest.getForObject("/v3/api-docs", String.class)).contains("/api/audit/checkpoints",
                "/api/audit/signing-key", "/api/audit/export.jsonl", "audit-trail-behind-checkpoint");
    }

    @Test
    void verifyChecksTheLatestCheckpointAndCatchesARewriteOfEveryRecordAndTheHead() {
        JsonNode checkpoint = post("/api/audit/checkpoints", auditor).getBody();
        JsonNode verified = get("/api/audit/verify", auditor).getBody();
        assertThat(verified.path("valid").asBoolean()).as("%s", verified).isTrue();
        assertThat(verified.path("checkpoint").path("position").asLong()).isEqualTo(6);
        assertThat(verified.path("checkpoint").path("valid").asBoolean()).isTrue();
        assertThat(verified.path("checkpoint").path("checkpointsChecked").asInt()).isEqualTo(1);

        // an intruder with the trigger off rewrites record 3 and re-chains everything after it, head included
        rewriteFrom(3, "someone-else");
        JsonNode rewritten = get("/api/audit/verify", auditor).getBody();
        assertThat(rewritten.path("checked").asLong()).as("the chain alone looks intact: %s", rewritten).isEqualTo(6);
        assertThat(rewritten.path("firstBrokenAt").isMissingNode()).isTrue();
        assertThat(rewritten.path("valid").asBoolean()).isFalse();
        assertThat(rewritten.path("checkpoint").path("valid").asBoolean()).isFalse();
        assertThat(rewritten.path("checkpoint").path("firstBrokenCheckpoint").asLong()).isEqualTo(6);
        assertThat(rewritten.path("checkpoint").path("problem").asText()).contains("another hash");

        // and no checkpoint is signed over the rewritten chain
        addUsers(1);
        assertProblem(post("/api/audit/checkpoints", auditor), 409, "audit-chain-broken");
        assertThat(checkpoint.path("position").asLong()).isEqualTo(6);
    }

    @Test
    void aForgedOrUnchainedCheckpointIsCaught() {
        post("/api/audit/checkpoints", auditor);
        addUsers(1);
        post("/api/audit/checkpoints", auditor);
        assertThat(get("/api/audit/verify?checkpoint=6", auditor).getBody().path("valid").asBoolean()).isTrue();

        String signature = jdbc.sql("select signature from audit_checkpoint where tenant_id = ? and position = 7")
                .param(acme.value()).query(String.class).single();
        String other = jdbc.sql("select signature from audit_checkpoint where tenant_id = ? and position = 6")
                .param(acme.value()).query(String.class).single();
        tamper("update audit_checkpoint set signature = ? where tenant_id = ? and position = 7", other, acme.value());
        JsonNode forged = get("/api/audit/verify", auditor).getBody();
        assertThat(forged.path("valid").asBoolean()).isFalse();
        assertThat(forged.path("checkpoint").path("problem").asText()).contains("signature does not verify");
        assertThat(get("/api/audit/verify?checkpoint=6", auditor).getBody().path("valid").asBoolean())
                .as("the checkpoint before the forged one still verifies").isTrue();
        tamper("update audit_checkpoint set signature = ? where tenant_id = ? and position = 7", signature, acme.value());

        tamper("update audit_checkpoint set previous_checkpoint_hash = ? where tenant_id = ? and position = 7",
                "f".repeat(64), acme.value());
        assertThat(get("/api/audit/verify", auditor).getBody().path("checkpoint").path("problem").asText())
                .contains("does not chain");
    }

    /** The schedule's round and requests at once (as two nodes would): one checkpoint per head move, never a fork. */
    @Test
    void concurrentSigningNeverForksAndTheScheduledRoundSignsOnlyMovedTrails() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<AuditCheckpoints.Signed>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racing.add(pool.submit(() -> checkpoints.sign(acme.value())));
            }
            List<AuditCheckpoints.Signed> signed = new ArrayList<>();
            for (var future : racing) {
                signed.add(future.get(60, TimeUnit.SECONDS));
            }
            assertThat(signed).filteredOn(AuditCheckpoints.Signed::created).hasSize(1);
            assertThat(signed).extracting(s -> s.checkpoint().hash()).containsOnly(signed.get(0).checkpoint().hash());
        } finally {
            pool.shutdownNow();
        }
        assertThat(checkpointCount()).isEqualTo(1);

        checkpoints.signMoved();
        assertThat(checkpointCount()).as("the head did not move").isEqualTo(1);
        addUsers(1);
        checkpoints.signMoved();
        assertThat(checkpointCount()).isEqualTo(2);
        assertThat(checkpoints.latest(acme.value()).orElseThrow().position()).isEqualTo(7);
        assertThat(get("/api/audit/verify", auditor).getBody().path("valid").asBoolean()).isTrue();
    }

    private long checkpointCount() {
        return jdbc.sql("select count(*) from audit_checkpoint where tenant_id = ?").param(acme.value())
                .query(Long.class).single();
    }

    /** A node that loads the key after someone swapped the public key (or the sealed private key) refuses it. */
    @Test
    void aSwappedSigningKeyIsRefusedNotUsed() throws Exception {
        post("/api/audit/checkpoints", auditor);
        Map<String, Object> stored = jdbc.sql("select key_id, public_key, private_key_sealed from audit_signing_key")
                .query().singleRow();
        String otherPem = AuditSigningKey.toPem(java.security.KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair().getPublic().getEncoded());
        try {
            jdbc.sql("update audit_signing_key set public_key = ?").param(otherPem).update();
            assertThatThrownBy(() -> new AuditSigningKey(jdbc, TestPostgres.TEST_SECRETS_KEY).publicKeyPem())
                    .isInstanceOfSatisfying(Refusal.class,
                            refusal -> assertThat(refusal.type()).isEqualTo("audit-signing-key-mismatch"));
            jdbc.sql("update audit_signing_key set public_key = ?, private_key_sealed = ?")
                    .params(stored.get("public_key"), "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").update();
            assertThatThrownBy(() -> new AuditSigningKey(jdbc, TestPostgres.TEST_SECRETS_KEY).publicKeyPem())
                    .isInstanceOfSatisfying(Refusal.class,
                            refusal -> assertThat(refusal.type()).isEqualTo("audit-signing-key-mismatch"));
            assertThatThrownBy(() -> new AuditSigningKey(jdbc, "").publicKeyPem())
                    .isInstanceOfSatisfying(Refusal.class,
                            refusal -> assertThat(refusal.type()).isEqualTo("audit-signing-key-unavailable"));
        } finally {
            jdbc.sql("update audit_signing_key set public_key = ?, private_key_sealed = ?")
                    .params(stored.get("public_key"), stored.get("private_key_sealed")).update();
        }
        assertThat(new AuditSigningKey(jdbc, TestPostgres.TEST_SECRETS_KEY).keyId())
                .isEqualTo(((String) stored.get("key_id")).strip());
    }

    @Test
    void badInputIsAClearProblem() {
        post("/api/audit/checkpoints", auditor);
        assertProblem(get("/api/audit/verify?checkpoint=999", auditor), 404, "unknown-audit-checkpoint");
        assertProblem(get("/api/audit/verify?checkpoint=3", auditor), 404, "unknown-audit-checkpoint");
        assertProblem(get("/api/audit/verify?checkpoint=0", auditor), 400, "invalid-checkpoint");
        assertProblem(get("/api/audit/verify?checkpoint=latest", auditor), 400, "malformed-request");
        assertProblem(get("/api/audit/checkpoints?cursor=garbage", auditor), 400, "invalid-cursor");
        assertProblem(get("/api/audit/export.jsonl?from=yesterday", auditor), 400, "malformed-request");
        assertProblem(get("/api/audit/export.jsonl?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", auditor),
                400, "invalid-time-range");
        assertProblem(get("/api/audit/export.jsonl?deviceId=not-a-uuid", auditor), 400, "malformed-request");
        String operator = account("op-" + run, Role.OPERATOR, null);
        awaitSignIn(operator);
        assertProblem(post("/api/audit/checkpoints", operator), 403, "forbidden");
        assertProblem(rest.exchange("/api/audit/checkpoints", HttpMethod.POST, HttpEntity.EMPTY, JsonNode.class),
                401, "unauthenticated");
    }

    @Test
    void theJsonLinesExportCarriesItsProofAndTheOfflineVerifierRefusesAnEditedOrCutFile() throws Exception {
        ResponseEntity<String> response = rest.exchange("/api/audit/export.jsonl", HttpMethod.GET,
                new HttpEntity<>(auth(auditor)), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/x-ndjson");
        List<String> lines = response.getBody().lines().toList();
        assertThat(lines).hasSize(6 + 1 + 1);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(JSON.readTree(line));
        }
        assertThat(parsed.subList(0, 6)).extracting(l -> l.path("position").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(parsed.get(0).path("type").asText()).isEqualTo("record");
        assertThat(parsed.get(0).path("action").asText()).isEqualTo("TenantCreated");
        assertThat(parsed.get(5).path("hash").asText()).isEqualTo(recordHash(6));
        assertThat(parsed.get(1).path("previousHash").asText()).isEqualTo(parsed.get(0).path("hash").asText());
        assertThat(parsed.get(6).path("type").asText()).isEqualTo("checkpoint");
        assertThat(parsed.get(6).path("position").asLong()).as("the export signed a checkpoint of its head").isEqualTo(6);
        assertThat(parsed.get(7).path("type").asText()).isEqualTo("export");
        assertThat(parsed.get(7).path("chainVerifiable").asBoolean()).isTrue();
        assertThat(parsed.get(7).path("records").asLong()).isEqualTo(6);

        Path key = files.resolve("audit-signing-key.pem");
        Files.writeString(key, rest.exchange("/api/audit/signing-key", HttpMethod.GET, new HttpEntity<>(auth(auditor)),
                String.class).getBody());
        Path export = write("audit.jsonl", lines);
        assertThat(verifier(export, key)).startsWith("0 VALID: 6 records of tenant " + acme);

        // one character of one record changed
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replace("\"actor\":\"root-operator\"", "\"actor\":\"root-operatos\""));
        assertThat(edited.get(2)).isNotEqualTo(lines.get(2));
        assertThat(verifier(write("edited.jsonl", edited), key)).startsWith("1 NOT VALID: line 3 (position 3)")
                .contains("edited");
        // the end cut off: the closing line, then the checkpoint too, then records as well
        assertThat(verifier(write("cut1.jsonl", lines.subList(0, 7)), key)).startsWith("1 NOT VALID")
                .contains("cut off");
        assertThat(verifier(write("cut2.jsonl", lines.subList(0, 5)), key)).startsWith("1 NOT VALID")
                .contains("cut off");
        List<String> recordsCut = new ArrayList<>(lines.subList(0, 4));
        recordsCut.addAll(lines.subList(6, 8));
        assertThat(verifier(write("cut3.jsonl", recordsCut), key)).startsWith("1 NOT VALID")
                .contains("cut from the end");
        // a record dropped from the middle, and records reordered
        List<String> dropped = new ArrayList<>(lines);
        dropped.remove(3);
        assertThat(verifier(write("dropped.jsonl", dropped), key)).startsWith("1 NOT VALID: line 4 (position 5)");
        // another key
        Path otherKey = files.resolve("other.pem");
        Files.writeString(otherKey, AuditSigningKey.toPem(java.security.KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair().getPublic().getEncoded()));
        assertThat(verifier(export, otherKey)).startsWith("1 NOT VALID").contains("not by");

        // a later export extends this one; this one does not extend the later one
        addUsers(2);
        Path later = write("later.jsonl", rest.exchange("/api/audit/export.jsonl", HttpMethod.GET,
                new HttpEntity<>(auth(admin)), String.class).getBody().lines().toList());
        assertThat(verifier(later, key, export)).startsWith("0 VALID: 8 records")
                .contains("extends the earlier export's checkpoint at position 6");
        assertThat(verifier(export, key, later)).startsWith("1 NOT VALID").contains("does not extend");

        // a filtered export says it cannot be verified, and the verifier agrees
        List<String> filtered = rest.exchange("/api/audit/export.jsonl?action=LocalUserCreated", HttpMethod.GET,
                new HttpEntity<>(auth(auditor)), String.class).getBody().lines().toList();
        assertThat(filtered.get(filtered.size() - 1)).contains("\"chainVerifiable\":false");
        assertThat(verifier(write("filtered.jsonl", filtered), key)).startsWith("1 NOT VALID")
                .contains("cannot be recomputed");
    }

    /** The verifier as an auditor runs it: java AuditExportVerifier.java with the JDK alone, no classpath. */
    @Test
    void theVerifierRunsAsASingleSourceFileWithTheJdkAlone() throws Exception {
        Path key = files.resolve("audit-signing-key.pem");
        Files.writeString(key, rest.exchange("/api/audit/signing-key", HttpMethod.GET, new HttpEntity<>(auth(auditor)),
                String.class).getBody());
        List<String> lines = rest.exchange("/api/audit/export.jsonl", HttpMethod.GET, new HttpEntity<>(auth(auditor)),
                String.class).getBody().lines().toList();
        Path export = write("audit.jsonl", lines);
        Path source = Path.of("src/main/java/org/mdmenroll/query/audit/AuditExportVerifier.java").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process valid = new ProcessBuilder(java, source.toString(), export.toString(), key.toString())
                .redirectErrorStream(true).start();
        assertThat(valid.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String said = new String(valid.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(valid.exitValue()).as(said).isZero();
        assertThat(said).startsWith("VALID: 6 records");

        Process cut = new ProcessBuilder(java, source.toString(),
                write("cut.jsonl", lines.subList(0, lines.size() - 1)).toString(), key.toString())
                .redirectErrorStream(true).start();
        assertThat(cut.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(cut.exitValue()).isEqualTo(1);
        assertThat(new String(cut.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("NOT VALID");
    }

    // ---------------------------------------------------------------- helpers

    private String verifier(Path export, Path key, Path... earlier) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(export.toString(), key.toString()));
        for (Path path : earlier) {
            args.add(path.toString());
        }
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = AuditExportVerifier.run(args.toArray(String[]::new), print, print);
        return code + " " + out.toString(StandardCharsets.UTF_8).strip();
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path path = files.resolve(name);
        Files.write(path, lines, StandardCharsets.UTF_8);
        return path;
    }

    /** Rewrites the records from {@code from} on with another actor, re-chained, and the head after them. */
    private void rewriteFrom(long from, String actor) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("alter table audit_record disable trigger audit_record_append_only").update();
            List<AuditRecord> records = jdbc.sql("select * from audit_record where tenant_id = ? order by position")
                    .param(acme.value()).query((rs, row) -> AuditTrail.record(rs)).list();
            String previous = AuditRecord.GENESIS;
            for (AuditRecord r : records) {
                if (r.position() >= from) {
                    AuditRecord changed = new AuditRecord(r.tenantId(), r.position(), r.eventId(), r.occurredAt(),
                            r.actorType(), actor, r.action(), r.summary(), r.targetType(), r.targetId(), r.deviceId(),
                            r.userId(), r.result(), r.requestId(), r.cause(), r.details(), null, null)
                            .chainedTo(r.position(), previous);
                    jdbc.sql("update audit_record set actor = ?, previous_hash = ?, hash = ? where tenant_id = ? "
                                    + "and position = ?")
                            .params(actor, changed.previousHash(), changed.hash(), acme.value(), r.position()).update();
                    previous = changed.hash();
                    jdbc.sql("update audit_chain_head set hash = ? where tenant_id = ?").params(previous, acme.value())
                            .update();
                } else {
                    previous = r.hash();
                }
            }
            jdbc.sql("alter table audit_record enable trigger audit_record_append_only").update();
        });
    }

    /** Changes rows as a superuser with the triggers off (session_replication_role), as an intruder could. */
    private void tamper(String sql, Object... params) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql(sql).params(params).update();
        });
    }

    private String recordHash(long position) {
        return jdbc.sql("select hash from audit_record where tenant_id = ? and position = ?")
                .params(acme.value(), position).query(String.class).single();
    }

    private void addUsers(int count) {
        for (int i = 0; i < count; i++) {
            UserId user = UserId.random();
            append("User", user, new LocalUserCreated(user, acme, "user" + (users++) + "-" + run + "@acme.example.com",
                    "User"), MetaData.with("actorType", "ACCOUNT").and("actor", "admin-" + run).and("requestId", "r"));
        }
        long expected = 3 + users;
        Eventually.until("the trail of " + acme + " at " + expected, () -> jdbc
                .sql("select position from audit_chain_head where tenant_id = ?").param(acme.value())
                .query(Long.class).optional().orElse(0L) >= expected);
    }

    private ResponseEntity<JsonNode> post(String url, String username) {
        return rest.exchange(url, HttpMethod.POST, new HttpEntity<>(auth(username)), JsonNode.class);
    }

    private static MetaData operator() {
        return MetaData.with("actorType", "ACCOUNT").and("actor", "root-operator").and("requestId", "req-op");
    }
}
