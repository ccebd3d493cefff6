package org.mdmenroll.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' audit trail: operator accounts, tenant and account creation and password changes
 * in a chain of their own with its own checkpoints, read by operators only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorTrailIntegrationTest extends QuerySideTest {

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path files;

    @Test
    void operatorActionsOutsideAnyTenantHaveATrailOfTheirOwnForOperatorsOnly() throws Exception {
        // the bootstrap operator (the system makes it), then what that operator does
        String operator = "op-" + run;
        AccountId operatorId = AccountId.random();
        append("Account", operatorId, new AccountCreated(operatorId, operator, Role.OPERATOR, null,
                passwordEncoder.encode("password-of-" + operator)), MetaData.with("actorType", "SYSTEM")
                .and("actor", "operator-bootstrap").and("cause", "startup"));
        MetaData byOperator = MetaData.with("actorType", "ACCOUNT").and("actor", operator).and("requestId", "req-op-" + run);
        TenantId acme = TenantId.random();
        append("Tenant", acme, new TenantCreated(acme, "acme-" + run, "Acme", "acme-" + run + ".example.com",
                EnrollmentSettings.DEFAULTS), byOperator);
        String auditor = account("auditor-" + run, Role.AUDITOR, acme, byOperator);
        append("Account", operatorId, new AccountPasswordChanged(operatorId, passwordEncoder.encode("password-of-"
                + operator)), byOperator);
        awaitSignIn(operator, auditor);
        Eventually.until("the operators' trail has the password change", () -> jdbc.sql(
                "select count(*) from audit_record where tenant_id = ? and action = 'AccountPasswordChanged' "
                        + "and target_id = ?").params(OperatorTrail.ID, operatorId.toString())
                .query(Long.class).single() == 1);

        List<JsonNode> mine = items("/api/operator-audit?actor=" + operator, operator);
        assertThat(mine).extracting(r -> r.path("action").asText())
                .containsExactly("AccountPasswordChanged", "AccountCreated", "TenantCreated");
        assertThat(mine.get(0).path("targetType").asText()).isEqualTo("ACCOUNT");
        assertThat(mine.get(0).path("summary").asText()).isEqualTo("Account password changed");
        assertThat(mine.get(1).path("details").asText()).contains("AUDITOR").contains("auditor-" + run);
        assertThat(mine.get(2).path("targetType").asText()).isEqualTo("TENANT");
        assertThat(mine.get(2).path("tenantId").asText()).isEqualTo(OperatorTrail.ID.toString());
        assertThat(mine.toString()).doesNotContain("passwordHash").doesNotContain("$2a$");
        List<JsonNode> bootstrap = items("/api/operator-audit?actor=operator-bootstrap&limit=500", operator);
        assertThat(bootstrap).anySatisfy(r -> assertThat(r.path("targetId").asText()).isEqualTo(operatorId.toString()));

        // the tenant's own trail still has its creation and its auditor, and nothing of the operator account
        List<JsonNode> tenantTrail = items("/api/audit", auditor);
        assertThat(tenantTrail).extracting(r -> r.path("action").asText())
                .containsExactly("AccountCreated", "TenantCreated");

        // its own chain and checkpoints, and its export verifies offline
        ResponseEntity<JsonNode> signed = rest.exchange("/api/operator-audit/checkpoints", HttpMethod.POST,
                new HttpEntity<>(auth(operator)), JsonNode.class);
        assertThat(signed.getStatusCode().value()).as("%s", signed.getBody()).isIn(200, 201);
        assertThat(signed.getBody().path("tenantId").asText()).isEqualTo(OperatorTrail.ID.toString());
        JsonNode verified = get("/api/operator-audit/verify", operator).getBody();
        assertThat(verified.path("valid").asBoolean()).as("%s", verified).isTrue();
        assertThat(verified.path("checkpoint").path("valid").asBoolean()).isTrue();
        assertThat(items("/api/operator-audit/checkpoints", operator)).isNotEmpty();
        Path key = files.resolve("key.pem");
        Files.writeString(key, rest.exchange("/api/operator-audit/signing-key", HttpMethod.GET,
                new HttpEntity<>(auth(operator)), String.class).getBody());
        Path export = files.resolve("operators.jsonl");
        Files.writeString(export, rest.exchange("/api/operator-audit/export.jsonl", HttpMethod.GET,
                new HttpEntity<>(auth(operator)), String.class).getBody());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(AuditExportVerifier.run(new String[]{export.toString(), key.toString()}, print, print))
                .as(out.toString(StandardCharsets.UTF_8)).isZero();

        // operators only
        assertProblem(get("/api/operator-audit", auditor), 403, "forbidden");
        assertProblem(get("/api/operator-audit/verify", auditor), 403, "forbidden");
        assertProblem(rest.exchange("/api/operator-audit/checkpoints", HttpMethod.POST,
                new HttpEntity<>(auth(auditor)), JsonNode.class), 403, "forbidden");
        assertProblem(rest.exchange("/api/operator-audit", HttpMethod.GET, HttpEntity.EMPTY, JsonNode.class), 401,
                "unauthenticated");
        assertProblem(get("/api/operator-audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", operator), 400,
                "invalid-time-range");
        assertProblem(get("/api/operator-audit/verify?checkpoint=0", operator), 400, "invalid-checkpoint");
        assertProblem(get("/api/audit", operator), 403, "forbidden");
    }
}
