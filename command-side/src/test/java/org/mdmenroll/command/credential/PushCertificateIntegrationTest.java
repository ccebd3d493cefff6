package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.events.DeviceId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push certificate's year through REST on a real PostgreSQL: CSR, upload of what Apple
 * issues, a renewal with another topic refused, then confirmed and marking enrolled Apple devices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class PushCertificateIntegrationTest extends CommandSideRestTest {

    @Autowired
    DeviceEnrollments enrollments;

    private final UUID topicUuid = UUID.randomUUID();
    private final Instant now = Instant.now();

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
    }

    @Test
    void uploadThenARenewalWithAnotherTopicIsRefusedUnlessConfirmed() {
        String csr = csr();
        assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(csr()).as("the pending CSR is handed out again").isEqualTo(csr);
        assertThat(storedPayloads()).doesNotContain("PRIVATE KEY");

        long before = eventCount();
        assertProblem(upload("/api/apple/push-certificate", "not a certificate".getBytes()), 400, "invalid-certificate");
        assertProblem(upload("/api/apple/push-certificate", AppleTestCertificates.forUnrelatedKey(topicUuid,
                now, now.plus(Duration.ofDays(365))).pem().getBytes()), 400, "certificate-key-mismatch");
        assertProblem(upload("/api/apple/push-certificate/renewal", AppleTestCertificates.forCsr(csr, topicUuid,
                now, now.plus(Duration.ofDays(365))).der()), 409, "no-push-certificate");
        assertThat(eventCount()).isEqualTo(before);

        AppleTestCertificates.Issued first = AppleTestCertificates.forCsr(csr, topicUuid, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        ResponseEntity<JsonNode> uploaded = upload("/api/apple/push-certificate", first.der());
        assertThat(uploaded.getStatusCode().value()).as(String.valueOf(uploaded.getBody())).isEqualTo(201);
        assertThat(uploaded.getBody().path("topic").asText()).isEqualTo(first.topic());

        // An Apple device enrolled under this topic, and one Android device.
        String token = deviceUser();
        String ios = startedDevice(token, "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\"}");
        rest.exchange("/t/" + acme + "/enrollments/" + ios + "/profile", HttpMethod.GET,
                new HttpEntity<>(bearer(token)), String.class);
        enrollments.enroll(DeviceId.of(ios), null, first.topic());
        String android = startedDevice(token, "{\"platform\":\"ANDROID\",\"osVersion\":\"14\",\"method\":\"IN_APP\","
                + "\"serialNumber\":\"PUSH" + run + "\"}");
        enrollments.enroll(DeviceId.of(android), null, null);

        // A new certificate from another Apple ID: another topic.
        String renewalCsr = csr();
        assertThat(renewalCsr).isNotEqualTo(csr);
        AppleTestCertificates.Issued other = AppleTestCertificates.forCsr(renewalCsr, UUID.randomUUID(), now,
                now.plus(Duration.ofDays(365)));
        before = eventCount();
        ResponseEntity<JsonNode> refused = upload("/api/apple/push-certificate/renewal", other.pem().getBytes());
        assertProblem(refused, 409, "push-topic-mismatch");
        assertThat(refused.getBody().path("detail").asText()).contains("re-enroll");
        assertThat(refused.getBody().path("currentTopic").asText()).isEqualTo(first.topic());
        assertThat(eventCount()).isEqualTo(before);

        ResponseEntity<JsonNode> confirmed = upload("/api/apple/push-certificate/renewal?confirmTopicChange=true",
                other.pem().getBytes());
        assertThat(confirmed.getStatusCode().value()).as(String.valueOf(confirmed.getBody())).isEqualTo(200);
        assertThat(confirmed.getBody().path("topicChanged").asBoolean()).isTrue();
        assertThat(Instant.parse(confirmed.getBody().path("expiresAt").asText()))
                .isBetween(now.plus(Duration.ofDays(364)), now.plus(Duration.ofDays(367)));
        assertThat(events(ios)).contains("DeviceReEnrollmentRequired");
        assertThat(events(android)).doesNotContain("DeviceReEnrollmentRequired");
    }

    @Test
    void aCertificateAndKeyFromAnotherMdmAreImportedKeepingTheTopicWithTheKeyOnlySealed() {
        AppleTestCertificates.WithKey brought = AppleTestCertificates.withOwnKey(topicUuid,
                now.minus(Duration.ofDays(100)), now.plus(Duration.ofDays(265)));
        String pkcs8 = brought.pkcs8Pem();
        String keyBody = pkcs8.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        ResponseEntity<JsonNode> imported = adminUploadFiles(acme, "/api/apple/push-certificate/import",
                Map.of("certificate", brought.certificate().pem().getBytes(), "privateKey", pkcs8.getBytes()), Map.of());
        assertThat(imported.getStatusCode().value()).as(String.valueOf(imported.getBody())).isEqualTo(200);
        assertThat(imported.getBody().path("topic").asText()).isEqualTo(brought.certificate().topic());
        assertThat(Instant.parse(imported.getBody().path("expiresAt").asText()))
                .isEqualTo(brought.certificate().notAfter().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(imported.getBody().path("topicChanged").asBoolean()).isFalse();
        assertThat(storedPayloads()).contains(brought.certificate().topic()).doesNotContain(keyBody)
                .doesNotContain("PRIVATE KEY");
        String sealed = jdbc.sql("select sealed_private_key from command_side.push_certificate pc"
                        + " join command_side.tenant_directory t on t.tenant_id = pc.tenant_id where t.slug = ?")
                .param(acme).query(String.class).single();
        assertThat(sealed).startsWith("v1.").doesNotContain(keyBody);
        assertThat(jdbc.sql("select topic from command_side.push_certificate pc join command_side.tenant_directory t"
                + " on t.tenant_id = pc.tenant_id where t.slug = ?").param(acme).query(String.class).single())
                .isEqualTo(brought.certificate().topic());

        // The same certificate again, now as PKCS#12: the same topic replaces it.
        ResponseEntity<JsonNode> again = adminUploadFiles(acme, "/api/apple/push-certificate/import",
                Map.of("pkcs12", brought.pkcs12("export password")), Map.of("password", "export password"));
        assertThat(again.getStatusCode().value()).as(String.valueOf(again.getBody())).isEqualTo(200);

        // Another topic over it: refused unless confirmed.
        AppleTestCertificates.WithKey otherTopic = AppleTestCertificates.withOwnKey(UUID.randomUUID(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(364)));
        assertProblem(adminUploadFiles(acme, "/api/apple/push-certificate/import",
                Map.of("certificate", otherTopic.certificate().der(), "privateKey", otherTopic.pkcs1Pem().getBytes()),
                Map.of()), 409, "push-topic-mismatch");
    }

    @Test
    void importsThatAreNotACertificateWithItsKeyAreClearProblemsAndStoreNothing() {
        AppleTestCertificates.WithKey brought = AppleTestCertificates.withOwnKey(topicUuid,
                now.minus(Duration.ofDays(100)), now.plus(Duration.ofDays(265)));
        AppleTestCertificates.WithKey other = AppleTestCertificates.withOwnKey(topicUuid,
                now.minus(Duration.ofDays(100)), now.plus(Duration.ofDays(265)));
        String path = "/api/apple/push-certificate/import";

        assertProblem(adminUploadFiles(acme, path, Map.of("pkcs12", brought.pkcs12("right")),
                Map.of("password", "wrong")), 400, "wrong-password");
        assertProblem(adminUploadFiles(acme, path, Map.of("pkcs12", "no p12 at all".getBytes()),
                Map.of("password", "right")), 400, "invalid-pkcs12");
        assertProblem(adminUploadFiles(acme, path, Map.of("certificate", "not a certificate".getBytes(),
                "privateKey", brought.pkcs8Pem().getBytes()), Map.of()), 400, "invalid-certificate");
        assertProblem(adminUploadFiles(acme, path, Map.of("certificate", brought.certificate().pem().getBytes(),
                "privateKey", "not a key".getBytes()), Map.of()), 400, "invalid-private-key");
        assertProblem(adminUploadFiles(acme, path, Map.of("certificate", brought.certificate().pem().getBytes(),
                "privateKey", other.pkcs8Pem().getBytes()), Map.of()), 400, "certificate-key-mismatch");
        assertProblem(adminUploadFiles(acme, path, Map.of("certificate", brought.certificate().pem().getBytes()),
                Map.of()), 400, "invalid-import");

        assertThat(storedPayloads()).doesNotContain(brought.certificate().topic());
        assertThat(jdbc.sql("select count(*) from eventstore.domainevententry where aggregateidentifier = ?")
                .param(CredentialCommands.pushCertificateOf(tenantId(acme)).toString()).query(Long.class).single())
                .isZero();
        assertProblem(exchange(basic(acme + "-admin", "wrong"), HttpMethod.POST, path, null), 401, "unauthenticated");
    }

    private org.mdmenroll.events.TenantId tenantId(String slug) {
        return new org.mdmenroll.events.TenantId(jdbc.sql("select tenant_id from command_side.tenant_directory where slug = ?")
                .param(slug).query(UUID.class).single());
    }

    @Test
    void withoutAVendorCertificateTheSignedRequestIsAProblemSayingWhereToGetItAndMakesNoKeyPair() {
        ResponseEntity<JsonNode> refused = exchange(basic(acme + "-admin", "admin-password-1"), HttpMethod.GET,
                "/api/apple/push-certificate/csr?format=apple-request", null);
        assertProblem(refused, 409, "no-vendor-certificate");
        assertThat(refused.getBody().path("detail").asText()).contains("MDM vendor", "mdmcert.download",
                "Apple Developer Enterprise");
        assertThat(jdbc.sql("select count(*) from eventstore.domainevententry where aggregateidentifier = ?")
                .param(CredentialCommands.pushCertificateOf(tenantId(acme)).toString()).query(Long.class).single())
                .isZero();
    }

    @Test
    void onlyAdminsOfTheTenantHandleItsCertificate() {
        assertProblem(exchange(basic(globex + "-admin", "wrong"), HttpMethod.GET, "/api/apple/push-certificate/csr",
                null), 401, "unauthenticated");
        assertProblem(upload("/api/apple/push-certificate", "x".getBytes()), 409, "no-certificate-request");
    }

    private String csr() {
        return adminText(acme, "/api/apple/push-certificate/csr");
    }

    private ResponseEntity<JsonNode> upload(String path, byte[] certificate) {
        return adminUpload(acme, path, "certificate", "MDM_Certificate.pem", certificate, Map.of());
    }

    private String deviceUser() {
        String email = "pat@" + acme + ".example.com";
        createUser(acme, email, "pats-password-1");
        return anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"pats-password-1\"}").getBody().path("sessionToken").asText();
    }

    private String startedDevice(String token, String json) {
        HttpHeaders headers = bearer(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> response = rest.exchange("/t/" + acme + "/enrollments", HttpMethod.POST,
                new HttpEntity<>(json, headers), JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return response.getBody().path("deviceId").asText();
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    private String storedPayloads() {
        return String.join("\n", jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                + " where payloadtype like '%MdmPushCertificate%'").query(String.class).list());
    }
}
