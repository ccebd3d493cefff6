package org.mdmenroll.command.apple.pki;

import org.mdmenroll.support.testing.apple.ScepTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.apple.AppleDeviceRestTest;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCEP through HTTP with a simulated device's SCEP client: the profile's fresh challenge gets an
 * identity certificate from the tenant CA once; an expired, reused or unknown challenge gets a SCEP
 * FAILURE (HTTP 200), recorded on the device when it is known; renewal with the current
 * certificate; what is not a SCEP message at all is a 400 and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class ScepIntegrationTest extends AppleDeviceRestTest {

    @Autowired
    TenantPki pki;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    IdentityCertificates identityCertificates;

    private TenantId acmeId;
    private X509Certificate ca;

    @BeforeEach
    void tenantWithPushCertificate() {
        createTenantsWithAdmins();
        uploadPushCertificate(acme);
        acmeId = tenants.requireBySlug(acme).tenantId();
        ca = pki.caCertificate(acmeId);
    }

    @Test
    void getCaCapsAndGetCaCert() throws Exception {
        ResponseEntity<String> caps = rest.getForEntity("/t/" + acme + "/scep?operation=GetCACaps", String.class);
        assertThat(caps.getStatusCode().value()).isEqualTo(200);
        assertThat(caps.getBody().lines()).contains("POSTPKIOperation", "SHA-256", "AES", "SCEPStandard", "Renewal");

        ResponseEntity<byte[]> caCert = rest.getForEntity("/t/" + acme + "/scep?operation=GetCACert", byte[].class);
        assertThat(caCert.getHeaders().getContentType()).hasToString("application/x-x509-ca-cert");
        assertThat(caCert.getBody()).isEqualTo(ca.getEncoded());
        X509Certificate read = TenantPki.certificate(caCert.getBody());
        assertThat(read.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(Duration.between(read.getNotBefore().toInstant(), read.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(3649));

        assertProblem(anonymous(HttpMethod.GET, "/t/" + acme + "/scep?operation=GetNextCACert", null), 400,
                "unknown-scep-operation");
        assertProblem(anonymous(HttpMethod.GET, "/t/no-such-tenant/scep?operation=GetCACaps", null), 404,
                "unknown-tenant");
    }

    @Test
    void aFreshChallengeGetsAnIdentityCertificateOnce() throws Exception {
        String session = userSession(acme);
        String device = startedDevice(acme, session, "IOS");
        String challenge = downloadProfile(acme, session, device).challenge();
        ScepTestClient client = new ScepTestClient(ca);

        ScepTestClient.Request request = client.pkcsReq("CN=" + device + ",O=Acme", challenge);
        ScepTestClient.Reply reply = client.read(post(acme, request.der()));

        assertThat(reply.messageType()).isEqualTo("3");
        assertThat(reply.success()).as("failInfo " + reply.failInfo()).isTrue();
        assertThat(reply.transactionId()).isEqualTo(request.transactionId());
        assertThat(reply.recipientNonce()).isEqualTo(request.senderNonce());
        X509Certificate issued = reply.certificate();
        issued.verify(ca.getPublicKey());
        assertThat(issued.getSubjectX500Principal())
                .isEqualTo(new X500Principal(new X500Name("CN=" + device + ",O=Acme").getEncoded()));
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(issued.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(Instant.now(), issued.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(364), Duration.ofDays(366));

        assertThat(events(device)).endsWith("IdentityCertificateIssued");
        JsonNode recorded = payload(device, "IdentityCertificateIssued");
        assertThat(recorded.path("serialNumber").asText()).isEqualTo(issued.getSerialNumber().toString(16));
        assertThat(recorded.path("fingerprint").asText()).isEqualTo(PkiCertificates.fingerprint(issued));
        assertThat(recorded.path("renewal").asBoolean()).isFalse();
        assertThat(identityCertificates.deviceOf(acmeId, issued)).contains(DeviceId.of(device));
        assertThat(identityCertificates.deviceOf(tenants.requireBySlug(globex).tenantId(), issued)).isEmpty();
        assertThat(storedPayloads(device)).doesNotContain(challenge);

        // The same challenge again: a SCEP failure, recorded.
        ScepTestClient again = new ScepTestClient(ca);
        ScepTestClient.Request reused = again.pkcsReq("CN=" + device, challenge);
        ScepTestClient.Reply refused = again.read(post(acme, reused.der()));
        assertThat(refused.pkiStatus()).isEqualTo("2");
        assertThat(refused.failInfo()).isEqualTo("2");
        assertThat(refused.recipientNonce()).isEqualTo(reused.senderNonce());
        assertThat(refused.certificate()).isNull();
        assertThat(events(device)).endsWith("IdentityCertificateIssued", "IdentityCertificateRefused");
        assertThat(payload(device, "IdentityCertificateRefused").path("reason").asText()).isEqualTo("CHALLENGE_REUSED");
    }

    @Test
    void aChallengeWhoseProfileExpiredIsRefusedAndRecorded() {
        String session = userSession(acme);
        String device = startedDevice(acme, session, "IOS");
        String challenge = downloadProfile(acme, session, device).challenge();

        // The profile validity passes: its persistent deadline is made due instead of waiting.
        assertThat(jdbc.sql("update command_side.scheduled_tasks set execution_time = now()"
                        + " where position(convert_to(?, 'UTF8') in task_data) > 0").param(device).update())
                .isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(events(device)).contains("EnrollmentProfileExpired"));

        ScepTestClient client = new ScepTestClient(ca);
        ScepTestClient.Reply reply = client.read(post(acme, client.pkcsReq("CN=" + device, challenge).der()));
        assertThat(reply.pkiStatus()).isEqualTo("2");
        assertThat(reply.failInfo()).isEqualTo("2");
        assertThat(events(device)).endsWith("EnrollmentProfileExpired", "IdentityCertificateRefused");
        assertThat(payload(device, "IdentityCertificateRefused").path("reason").asText()).isEqualTo("PROFILE_EXPIRED");
    }

    @Test
    void anUnknownChallengeOrAForgedSignatureIsAFailureWithNothingToRecord() {
        ScepTestClient client = new ScepTestClient(ca);
        long before = eventCount();

        ScepTestClient.Reply unknown = client.read(post(acme, client.pkcsReq("CN=someone", "not-a-challenge").der()));
        assertThat(unknown.pkiStatus()).isEqualTo("2");
        assertThat(unknown.failInfo()).isEqualTo("2");

        ScepTestClient.Reply none = client.read(post(acme, client.pkcsReq("CN=someone", null).der()));
        assertThat(none.failInfo()).isEqualTo("2");

        ScepTestClient.Reply forged = client.read(post(acme, client.forgedPkcsReq("CN=someone", "x").der()));
        assertThat(forged.pkiStatus()).isEqualTo("2");
        assertThat(forged.failInfo()).as("badMessageCheck").isEqualTo("1");

        // Another tenant's challenge is unknown here.
        uploadPushCertificate(globex);
        String session = userSession(globex);
        String device = startedDevice(globex, session, "IOS");
        String challenge = downloadProfile(globex, session, device).challenge();
        before = eventCount();
        ScepTestClient.Reply elsewhere = client.read(post(acme, client.pkcsReq("CN=" + device, challenge).der()));
        assertThat(elsewhere.failInfo()).isEqualTo("2");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aMessageThatIsNoScepMessageIsA400AndStoresNothing() {
        long before = eventCount();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/x-pki-message"));
        ResponseEntity<JsonNode> garbage = rest.exchange("/t/" + acme + "/scep?operation=PKIOperation", HttpMethod.POST,
                new HttpEntity<>("this is not PKCS#7".getBytes(StandardCharsets.US_ASCII), headers), JsonNode.class);
        assertProblem(garbage, 400, "malformed-pki-message");
        assertProblem(rest.exchange("/t/" + acme + "/scep?operation=PKIOperation", HttpMethod.POST,
                new HttpEntity<>(new byte[0], headers), JsonNode.class), 400, "malformed-pki-message");
        assertProblem(anonymous(HttpMethod.GET, "/t/" + acme + "/scep?operation=PKIOperation&message=%25%25%25", null),
                400, "malformed-pki-message");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void theCurrentCertificateRenewsByGetAndTheEarlierOneIdentifiesTheDeviceUntilItExpires() throws Exception {
        String session = userSession(acme);
        String device = startedDevice(acme, session, "IOS");
        String challenge = downloadProfile(acme, session, device).challenge();
        ScepTestClient first = new ScepTestClient(ca);
        X509Certificate current = first.read(post(acme, first.pkcsReq("CN=" + device, challenge).der())).certificate();

        ScepTestClient second = new ScepTestClient(ca);
        ScepTestClient.Reply renewed = second.read(get(acme,
                second.renewalReq("CN=" + device, current, first.keys.getPrivate()).der()), first.keys.getPrivate());
        assertThat(renewed.success()).as("failInfo " + renewed.failInfo()).isTrue();
        assertThat(payload(device, "IdentityCertificateIssued").path("renewal").asBoolean()).isTrue();
        assertThat(identityCertificates.deviceOf(acmeId, renewed.certificate())).contains(DeviceId.of(device));
        // A renewal leaves the earlier certificate valid until it expires: the device may still sign with it.
        assertThat(identityCertificates.deviceOf(acmeId, current)).contains(DeviceId.of(device));

        // The replaced certificate cannot renew again; the refusal is the device's.
        ScepTestClient third = new ScepTestClient(ca);
        ScepTestClient.Reply refused = third.read(post(acme,
                third.renewalReq("CN=" + device, current, first.keys.getPrivate()).der()), first.keys.getPrivate());
        assertThat(refused.pkiStatus()).isEqualTo("2");
        assertThat(payload(device, "IdentityCertificateRefused").path("reason").asText())
                .isEqualTo("CERTIFICATE_REPLACED");
        assertThat(events(device)).endsWith("IdentityCertificateIssued", "IdentityCertificateIssued",
                "IdentityCertificateRefused");
    }

    private byte[] post(String tenant, byte[] message) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/x-pki-message"));
        ResponseEntity<byte[]> response = rest.exchange("/t/" + tenant + "/scep?operation=PKIOperation",
                HttpMethod.POST, new HttpEntity<>(message, headers), byte[].class);
        assertThat(response.getStatusCode().value()).as(() -> new String(response.getBody())).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).hasToString("application/x-pki-message");
        return response.getBody();
    }

    private byte[] get(String tenant, byte[] message) {
        URI uri = UriComponentsBuilder.fromUriString(rest.getRootUri() + "/t/" + tenant + "/scep")
                .queryParam("operation", "PKIOperation")
                .queryParam("message", Base64.getEncoder().encodeToString(message))
                .encode().build().toUri();
        ResponseEntity<byte[]> response = rest.exchange(uri, HttpMethod.GET, HttpEntity.EMPTY, byte[].class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }
}
