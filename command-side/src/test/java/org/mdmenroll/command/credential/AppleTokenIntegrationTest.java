package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADE and VPP tokens through REST on a real PostgreSQL: a real {@code .p7m} is made here with
 * Bouncy Castle, encrypted to the certificate GET /api/apple/ade/public-key answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class AppleTokenIntegrationTest extends CommandSideRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    SecretBox secrets;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
    }

    @Test
    void anAdeTokenEncryptedToThePublicKeyIsUploadedAndRenewedWithItsSecretsSealed() throws Exception {
        String pem = publicKey(acme);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(publicKey(acme)).isEqualTo(pem);
        String keyPair = CredentialCommands.adeKeyPairOf(org.mdmenroll.events.TenantId.of(tenantId(acme))).toString();
        assertThat(storedPayloads(keyPair)).doesNotContain("PRIVATE KEY").contains("sealedPrivateKey");

        Instant expiry = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        ResponseEntity<JsonNode> uploaded = upload(acme, "/api/apple/ade/tokens",
                AppleTokenSamples.p7m(pem, expiry), Map.of("appleId", "mdm@" + acme + ".example.com"));
        assertThat(uploaded.getStatusCode().value()).as(String.valueOf(uploaded.getBody())).isEqualTo(201);
        String tokenId = uploaded.getBody().path("tokenId").asText();
        assertThat(uploaded.getBody().path("appleId").asText()).isEqualTo("mdm@" + acme + ".example.com");
        assertThat(Instant.parse(uploaded.getBody().path("expiresAt").asText())).isEqualTo(expiry);

        String stored = storedPayloads(tokenId);
        assertThat(stored).doesNotContain("AS_clear-access-secret").doesNotContain("AT_clear-access-token");
        JsonNode event = JSON.readTree(jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                + " where aggregateidentifier = ? and payloadtype like '%AdeTokenUploaded'").param(tokenId)
                .query(String.class).single());
        assertThat(secrets.open(SecretPurpose.ADE_TOKEN, event.path("sealedToken").asText())).contains("AS_clear-access-secret");

        Instant newExpiry = expiry.plus(Duration.ofDays(30));
        ResponseEntity<JsonNode> renewed = upload(acme, "/api/apple/ade/tokens/" + tokenId + "/renewal",
                AppleTokenSamples.smime(AppleTokenSamples.envelopedDer(pem, AppleTokenSamples.adeMessage(newExpiry))),
                Map.of());
        assertThat(renewed.getStatusCode().value()).as(String.valueOf(renewed.getBody())).isEqualTo(200);
        assertThat(Instant.parse(renewed.getBody().path("expiresAt").asText())).isEqualTo(newExpiry);
        assertThat(events(tokenId)).containsExactly("AdeTokenUploaded", "AdeTokenRenewed");

        assertProblem(upload(globex, "/api/apple/ade/tokens/" + tokenId + "/renewal",
                AppleTokenSamples.p7m(publicKey(globex), newExpiry), Map.of()), 404, "ade-token-not-found");
    }

    @Test
    void malformedAdeUploadsAreProblemsAndStoreNoEvent() {
        Instant expiry = Instant.now().plus(Duration.ofDays(365));
        assertProblem(upload(acme, "/api/apple/ade/tokens", AppleTokenSamples.p7m(publicKey(globex), expiry),
                Map.of("appleId", "a@b.c")), 409, "no-ade-public-key");
        String pem = publicKey(acme);
        long before = eventCount();
        assertProblem(upload(acme, "/api/apple/ade/tokens", "not a token".getBytes(StandardCharsets.US_ASCII),
                Map.of("appleId", "a@b.c")), 400, "invalid-ade-token");
        assertProblem(upload(acme, "/api/apple/ade/tokens", AppleTokenSamples.p7m(publicKey(globex), expiry),
                Map.of("appleId", "a@b.c")), 400, "ade-token-wrong-key");
        assertProblem(upload(acme, "/api/apple/ade/tokens", AppleTokenSamples.smime(
                        AppleTokenSamples.envelopedDer(pem, "no message block here")),
                Map.of("appleId", "a@b.c")), 400, "invalid-ade-token");
        assertProblem(upload(acme, "/api/apple/ade/tokens", AppleTokenSamples.p7m(pem, expiry), Map.of()),
                400, "apple-id-required");
        assertProblem(upload(acme, "/api/apple/ade/tokens/not-a-uuid/renewal", AppleTokenSamples.p7m(pem, expiry),
                Map.of()), 404, "ade-token-not-found");
        assertProblem(upload(acme, "/api/apple/ade/tokens/" + java.util.UUID.randomUUID() + "/renewal",
                AppleTokenSamples.p7m(pem, expiry), Map.of()), 404, "ade-token-not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void vppTokensAreUploadedPerLocationAndRenewed() {
        ResponseEntity<JsonNode> sales = upload(acme, "/api/apple/vpp/tokens",
                AppleTokenSamples.vppToken("clear-vpp-token", "2099-11-22T10:00:00+0000", "Acme Inc."),
                Map.of("location", "Sales"));
        assertThat(sales.getStatusCode().value()).as(String.valueOf(sales.getBody())).isEqualTo(201);
        assertThat(sales.getBody().path("location").asText()).isEqualTo("Sales");
        assertThat(sales.getBody().path("expiresAt").asText()).isEqualTo("2099-11-22T10:00:00Z");
        String tokenId = sales.getBody().path("tokenId").asText();
        assertThat(storedPayloads(tokenId)).doesNotContain("clear-vpp-token");
        assertThat(upload(acme, "/api/apple/vpp/tokens",
                AppleTokenSamples.vppToken("other", "2099-11-22T10:00:00+0000", "Acme Inc."),
                Map.of("location", "Engineering")).getStatusCode().value()).isEqualTo(201);

        ResponseEntity<JsonNode> renewed = upload(acme, "/api/apple/vpp/tokens/" + tokenId + "/renewal",
                AppleTokenSamples.vppToken("renewed", "2100-01-01T00:00:00+0000", "Acme Inc."), Map.of());
        assertThat(renewed.getStatusCode().value()).isEqualTo(200);
        assertThat(events(tokenId)).containsExactly("VppTokenUploaded", "VppTokenRenewed");

        long before = eventCount();
        assertProblem(upload(acme, "/api/apple/vpp/tokens", "%%%".getBytes(StandardCharsets.US_ASCII),
                Map.of("location", "Sales")), 400, "invalid-vpp-token");
        assertProblem(upload(acme, "/api/apple/vpp/tokens",
                AppleTokenSamples.vppToken("t", "2099-11-22T10:00:00+0000", "Acme"), Map.of()), 400, "location-required");
        assertProblem(upload(globex, "/api/apple/vpp/tokens/" + tokenId + "/renewal",
                AppleTokenSamples.vppToken("t", "2099-11-22T10:00:00+0000", "Acme"), Map.of()), 404, "vpp-token-not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    private String publicKey(String tenant) {
        return adminText(tenant, "/api/apple/ade/public-key");
    }

    private ResponseEntity<JsonNode> upload(String tenant, String path, byte[] token, Map<String, String> fields) {
        return adminUpload(tenant, path, "token", "token.p7m", token, fields);
    }

    private String tenantId(String slug) {
        return jdbc.sql("select tenant_id::text from tenant_directory where slug = ?").param(slug)
                .query(String.class).single();
    }
}
