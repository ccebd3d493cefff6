package org.mdmenroll.command.apple.checkin;

import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.CheckInSigner;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.problem.Refusal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckInSignaturesTest {

    private static final CheckInSigner DEVICE = CheckInSigner.selfSigned("device");
    private static final byte[] BODY = CheckInPlists.checkOut("UDID-1", "topic");

    private final CheckInSignatures signatures = new CheckInSignatures("");

    @Test
    void theSignersCertificateComesBackWhenTheSignatureCoversTheBody() {
        X509Certificate signer = signatures.signer(DEVICE.sign(BODY), null, BODY);

        assertThat(signer).isEqualTo(DEVICE.certificate());
    }

    @Test
    void aSignatureOfAnotherBodyIsRefusedAsUnauthorized() {
        String signature = DEVICE.sign(CheckInPlists.checkOut("UDID-2", "topic"));

        assertRefused(() -> signatures.signer(signature, null, BODY), Refusal.Kind.UNAUTHORIZED, "invalid-signature");
    }

    @Test
    void aHeaderThatIsNotACmsSignatureIsBadInput() {
        assertRefused(() -> signatures.signer("%%% not base64", null, BODY), Refusal.Kind.INVALID, "malformed-signature");
        String notCms = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        assertRefused(() -> signatures.signer(notCms, null, BODY), Refusal.Kind.INVALID, "malformed-signature");
    }

    @Test
    void anUnsignedCheckInIsUnauthorized() {
        assertRefused(() -> signatures.signer(null, null, BODY), Refusal.Kind.UNAUTHORIZED, "unsigned-check-in");
    }

    @Test
    void aProxiedCertificateCountsOnlyWhenTheProxyHeaderIsConfigured() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(DEVICE.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        String header = URLEncoder.encode(pem, StandardCharsets.US_ASCII);

        assertRefused(() -> signatures.signer(null, header, BODY), Refusal.Kind.UNAUTHORIZED, "unsigned-check-in");
        CheckInSignatures behindProxy = new CheckInSignatures("X-Client-Cert");
        assertThat(behindProxy.signer(null, header, BODY)).isEqualTo(DEVICE.certificate());
        assertRefused(() -> behindProxy.signer(null, "garbage", BODY), Refusal.Kind.INVALID,
                "malformed-client-certificate");
    }

    private static void assertRefused(Runnable call, Refusal.Kind kind, String type) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.kind()).isEqualTo(kind);
            assertThat(refusal.type()).isEqualTo(type);
        });
    }
}
