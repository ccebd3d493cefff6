package org.mdmenroll.command.apple.pki;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdmenroll.command.apple.AppleDeviceRestTest;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real SCEP client against the running service: micromdm's {@code scepclient} (Debian package
 * {@code scep}) gets an identity certificate with a fresh challenge and is refused with the
 * challenge of an expired profile. Skipped where the binary is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class ScepClientIntegrationTest extends AppleDeviceRestTest {

    @LocalServerPort
    int port;
    @Autowired
    TenantPki pki;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    IdentityCertificates identityCertificates;

    @BeforeEach
    void tenantWithPushCertificate() {
        assumeTrue(onPath("scepclient"), "scepclient (Debian package scep) is not installed");
        createTenantsWithAdmins();
        uploadPushCertificate(acme);
    }

    @Test
    void scepclientGetsACertificateWithAFreshChallengeAndIsRefusedWithAnExpiredOne(@TempDir Path dir) throws Exception {
        TenantId tenantId = tenants.requireBySlug(acme).tenantId();
        String session = userSession(acme);

        String fresh = startedDevice(acme, session, "IOS");
        String challenge = downloadProfile(acme, session, fresh).challenge();
        Result issued = scepclient(dir.resolve("fresh"), fresh, challenge);
        assertThat(issued.exitCode()).as(issued.output()).isZero();
        X509Certificate certificate = readCertificate(dir.resolve("fresh").resolve("cert.pem"));
        certificate.verify(pki.caCertificate(tenantId).getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + fresh);
        assertThat(identityCertificates.deviceOf(tenantId, certificate)).contains(DeviceId.of(fresh));
        assertThat(events(fresh)).endsWith("IdentityCertificateIssued");

        String late = startedDevice(acme, session, "IOS");
        String expiredChallenge = downloadProfile(acme, session, late).challenge();
        assertThat(jdbc.sql("update command_side.scheduled_tasks set execution_time = now()"
                        + " where position(convert_to(?, 'UTF8') in task_data) > 0").param(late).update())
                .isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(events(late)).contains("EnrollmentProfileExpired"));
        Result refused = scepclient(dir.resolve("late"), late, expiredChallenge);
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("fail");
        assertThat(dir.resolve("late").resolve("cert.pem")).doesNotExist();
        assertThat(events(late)).endsWith("EnrollmentProfileExpired", "IdentityCertificateRefused");
        assertThat(payload(late, "IdentityCertificateRefused").path("reason").asText()).isEqualTo("PROFILE_EXPIRED");
    }

    private record Result(int exitCode, String output) {
    }

    private Result scepclient(Path dir, String deviceId, String challenge) throws Exception {
        Files.createDirectories(dir);
        Process process = new ProcessBuilder("scepclient",
                "-server-url", "http://127.0.0.1:" + port + "/t/" + acme + "/scep",
                "-challenge", challenge, "-cn", deviceId, "-organization", "Acme",
                "-private-key", dir.resolve("key.pem").toString(), "-certificate", dir.resolve("cert.pem").toString(),
                "-debug")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("scepclient ended: " + output).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    static boolean onPath(String binary) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, binary)));
    }
}
