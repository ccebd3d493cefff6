package org.mdmenroll.command.credential;

import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdmenroll.command.CommandSideRestTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With an MDM vendor certificate configured, the CSR download also answers Apple's push
 * certificate request: the plist with the CSR, the vendor chain and the vendor's signature over the
 * CSR, base64. Debian's openssl checks the signature with the vendor's public key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class VendorSignedRequestIntegrationTest extends CommandSideRestTest {

    private static final KeyPair ROOT_KEYS = AppleTestCertificates.newRsaKeyPair();
    private static final KeyPair INTERMEDIATE_KEYS = AppleTestCertificates.newRsaKeyPair();
    private static final KeyPair VENDOR_KEYS = AppleTestCertificates.newRsaKeyPair();
    private static final X509CertificateHolder ROOT = certificate("CN=Test Root CA, O=Not Apple", ROOT_KEYS,
            "CN=Test Root CA, O=Not Apple", ROOT_KEYS, true);
    private static final X509CertificateHolder INTERMEDIATE = certificate("CN=Test WWDR CA, O=Not Apple",
            INTERMEDIATE_KEYS, "CN=Test Root CA, O=Not Apple", ROOT_KEYS, true);
    private static final X509CertificateHolder VENDOR = certificate("CN=MDM Vendor: Test Vendor, O=Test Vendor",
            VENDOR_KEYS, "CN=Test WWDR CA, O=Not Apple", INTERMEDIATE_KEYS, false);

    @DynamicPropertySource
    static void vendor(DynamicPropertyRegistry registry) throws Exception {
        // The chain as a file, certificate and key as PEM text: both forms of each setting.
        File chain = File.createTempFile("vendor-chain", ".pem");
        chain.deleteOnExit();
        Files.writeString(chain.toPath(), Pem.of(INTERMEDIATE) + Pem.of(ROOT));
        registry.add("mdm.apple.vendor.certificate", () -> Pem.of(VENDOR));
        registry.add("mdm.apple.vendor.private-key", () -> Pem.of(VENDOR_KEYS.getPrivate()));
        registry.add("mdm.apple.vendor.chain", chain::getAbsolutePath);
    }

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
    }

    @Test
    void theSignedRequestCarriesTheTenantsCsrTheVendorChainAndASignatureOpensslVerifies(@TempDir Path dir)
            throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        String csrPem = adminText(acme, "/api/apple/push-certificate/csr");
        ResponseEntity<String> response = rest.exchange("/api/apple/push-certificate/csr?format=apple-request",
                HttpMethod.GET, new HttpEntity<>(basic(acme + "-admin", "admin-password-1")), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders().getFirst("Content-Disposition")).contains("PushCertificateRequest");

        NSDictionary request = (NSDictionary) PropertyListParser.parse(Base64.getDecoder().decode(response.getBody().strip()));
        assertThat(request.allKeys()).containsExactlyInAnyOrder("PushCertRequestCSR", "PushCertCertificateChain",
                "PushCertSignature");
        byte[] csrDer = Base64.getDecoder().decode(request.objectForKey("PushCertRequestCSR").toString());
        assertThat(csrDer).as("the pending CSR, as DER").isEqualTo(der(csrPem));
        assertThat(request.objectForKey("PushCertCertificateChain").toString())
                .isEqualTo(Pem.of(VENDOR) + Pem.of(INTERMEDIATE) + Pem.of(ROOT));

        Files.write(dir.resolve("csr.der"), csrDer);
        Files.write(dir.resolve("sig.bin"),
                Base64.getDecoder().decode(request.objectForKey("PushCertSignature").toString()));
        Files.writeString(dir.resolve("vendor-pub.pem"), Pem.of(VENDOR.getSubjectPublicKeyInfo()));
        Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", "vendor-pub.pem",
                "-signature", "sig.bin", "csr.der").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).contains("Verified OK");

        // Another CSR does not verify against that signature.
        Files.write(dir.resolve("other.der"), der(adminText(globex, "/api/apple/push-certificate/csr")));
        Process refused = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", "vendor-pub.pem",
                "-signature", "sig.bin", "other.der").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isNotZero();
    }

    @Test
    void anUnknownFormatIsAClearProblem() {
        assertProblem(exchange(basic(acme + "-admin", "admin-password-1"), HttpMethod.GET,
                "/api/apple/push-certificate/csr?format=p7", null), 400, "unknown-csr-format");
    }

    private static byte[] der(String csrPem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return ((PKCS10CertificationRequest) parser.readObject()).getEncoded();
        }
    }

    private static X509CertificateHolder certificate(String subject, KeyPair subjectKeys, String issuer,
                                                     KeyPair issuerKeys, boolean ca) {
        try {
            Instant now = Instant.now();
            return new X509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                    new X500Name(subject), SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
