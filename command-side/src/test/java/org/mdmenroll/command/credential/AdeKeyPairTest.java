package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.AppleTokenFiles.KeyAndCertificate;
import org.mdmenroll.command.credential.CredentialCommands.DecryptAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RequestAdePublicKey;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeKeyPairCreated;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;

class AdeKeyPairTest {

    static final SecretBox SECRETS = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final CredentialId KEY_PAIR = CredentialCommands.adeKeyPairOf(TENANT);
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final KeyAndCertificate KEYS = AppleTokenFiles.newKeyAndCertificate("Acme", NOW);
    private static final KeyAndCertificate OTHER_KEYS = AppleTokenFiles.newKeyAndCertificate("Globex", NOW);

    private AggregateTestFixture<AdeKeyPair> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AdeKeyPair.class);
        fixture.registerInjectableResource(SECRETS);
        fixture.registerInjectableResource(new MutableClock(NOW));
    }

    private static AdeKeyPairCreated created() {
        return new AdeKeyPairCreated(KEY_PAIR, TENANT, KEYS.certificatePem(),
                SECRETS.seal(SecretPurpose.ADE_KEY_PAIR_KEY, KEYS.privateKeyBase64()));
    }

    @Test
    void theFirstRequestMakesAKeyPairWhosePrivateKeyIsOnlySealed() {
        fixture.givenNoPriorActivity()
                .when(new RequestAdePublicKey(KEY_PAIR, TENANT, "Acme"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((AdeKeyPairCreated event) ->
                        event.credentialId().equals(KEY_PAIR) && event.tenantId().equals(TENANT)
                                && event.certificatePem().startsWith("-----BEGIN CERTIFICATE-----")
                                && event.sealedPrivateKey().startsWith("v1.")
                                && !event.sealedPrivateKey().contains("PRIVATE KEY")), andNoMore())))
                .expectResultMessagePayloadMatching(matches((String pem) -> pem.startsWith("-----BEGIN CERTIFICATE-----")));
    }

    @Test
    void laterRequestsAnswerTheSameCertificate() {
        fixture.given(created())
                .when(new RequestAdePublicKey(KEY_PAIR, TENANT, "Acme"))
                .expectNoEvents()
                .expectResultMessagePayload(KEYS.certificatePem());
    }

    @Test
    void decryptsATokenInSmimeOrDerForm() {
        Instant expiry = Instant.parse("2027-11-22T09:00:00Z");
        fixture.given(created())
                .when(new DecryptAdeToken(KEY_PAIR, AppleTokenSamples.p7m(KEYS.certificatePem(), expiry)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches((AdeServerToken token) -> token.expiresAt().equals(expiry)
                        && token.serverName().equals("CK_48dd68d19")
                        && token.json().contains("AT_clear-access-token")));
        fixture.given(created())
                .when(new DecryptAdeToken(KEY_PAIR, AppleTokenSamples.envelopedDer(KEYS.certificatePem(),
                        AppleTokenSamples.adeMessage(expiry).replace("{", "{\"server_name\":\"Acme Main\","))))
                .expectResultMessagePayloadMatching(matches((AdeServerToken token) ->
                        token.serverName().equals("Acme Main")));
    }

    @Test
    void refusesWhatIsNotATokenForItsKey() {
        Instant expiry = Instant.parse("2027-11-22T09:00:00Z");
        decrypting("not a p7m at all".getBytes(StandardCharsets.US_ASCII), "invalid-ade-token");
        decrypting(AppleTokenSamples.p7m(OTHER_KEYS.certificatePem(), expiry), "ade-token-wrong-key");
        decrypting(AppleTokenSamples.smime(AppleTokenSamples.envelopedDer(KEYS.certificatePem(), "{\"consumer_key\":\"x\"}")),
                "invalid-ade-token");
        decrypting(AppleTokenSamples.smime(AppleTokenSamples.envelopedDer(KEYS.certificatePem(),
                "-----BEGIN MESSAGE-----\n{not json\n-----END MESSAGE-----")), "invalid-ade-token");
        decrypting(AppleTokenSamples.smime(AppleTokenSamples.envelopedDer(KEYS.certificatePem(),
                AppleTokenSamples.adeMessage(expiry).replace("\"access_secret\"", "\"other\""))), "invalid-ade-token");
        decrypting(AppleTokenSamples.smime(AppleTokenSamples.envelopedDer(KEYS.certificatePem(),
                AppleTokenSamples.adeMessage(expiry).replace(expiry.toString(), "next year"))), "invalid-ade-token");
    }

    @Test
    void theCertificateIsSelfSignedRsa2048() throws Exception {
        var holder = (org.bouncycastle.cert.X509CertificateHolder) new org.bouncycastle.openssl.PEMParser(
                new java.io.StringReader(KEYS.certificatePem())).readObject();
        assertThat(holder.getIssuer()).isEqualTo(holder.getSubject());
        assertThat(holder.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .build(holder))).isTrue();
        var publicKey = (java.security.interfaces.RSAPublicKey) new org.bouncycastle.cert.jcajce
                .JcaX509CertificateConverter().getCertificate(holder).getPublicKey();
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
    }

    private void decrypting(byte[] upload, String problem) {
        fixture.given(created())
                .when(new DecryptAdeToken(KEY_PAIR, upload))
                .expectNoEvents()
                .expectException(refusal(problem));
    }
}
