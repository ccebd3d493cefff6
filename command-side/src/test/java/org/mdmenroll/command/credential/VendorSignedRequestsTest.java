package org.mdmenroll.command.credential;

import org.junit.jupiter.api.Test;
import org.mdmenroll.support.problem.Refusal;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vendor settings: none is no signing (a 409 that says what to do); a half or wrong one stops the start. */
class VendorSignedRequestsTest {

    private static final AppleTestCertificates.WithKey VENDOR = AppleTestCertificates.withOwnKey(UUID.randomUUID(),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(300)));
    private static final String CHAIN = AppleTestCertificates.caCertificatePem();

    @Test
    void withoutSettingsNothingIsSignedAndTheRefusalSaysWhereToGetTheCsrSigned() {
        VendorSignedRequests none = new VendorSignedRequests("", "", "");
        assertThatThrownBy(none::requireConfigured).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.type()).isEqualTo("no-vendor-certificate");
            assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
        });
    }

    @Test
    void aHalfConfigurationStopsTheStart() {
        assertThatThrownBy(() -> new VendorSignedRequests(VENDOR.certificate().pem(), "", CHAIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mdm.apple.vendor.private-key");
        assertThatThrownBy(() -> new VendorSignedRequests(VENDOR.certificate().pem(), VENDOR.pkcs8Pem(), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mdm.apple.vendor.chain");
    }

    @Test
    void aKeyOfAnotherCertificateOrAMissingFileStopsTheStartWithoutPrintingTheKey() {
        KeyPair other = AppleTestCertificates.newRsaKeyPair();
        String otherKey = Pem.of(other.getPrivate());
        assertThatThrownBy(() -> new VendorSignedRequests(VENDOR.certificate().pem(), otherKey, CHAIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the key")
                .hasMessageNotContaining(otherKey.lines().skip(1).findFirst().orElseThrow());
        assertThatThrownBy(() -> new VendorSignedRequests("/nonexistent/vendor.pem", VENDOR.pkcs8Pem(), CHAIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mdm.apple.vendor.certificate");
    }

    @Test
    void aCompleteConfigurationSigns() {
        VendorSignedRequests vendor = new VendorSignedRequests(VENDOR.certificate().pem(), VENDOR.pkcs1Pem(), CHAIN);
        vendor.requireConfigured();
        assertThat(vendor.sign(PushCertificateFiles.newKeyAndRequest("Acme").csrPem())).isBase64();
    }
}
