package org.mdmenroll.command.credential;

import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.matchers.Matchers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.AppleTestCertificates.Issued;
import org.mdmenroll.command.credential.CredentialCommands.ExpireCredential;
import org.mdmenroll.command.credential.CredentialCommands.PushCertificateState;
import org.mdmenroll.command.credential.CredentialCommands.RecordCredentialExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.RequestPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.UploadPushCertificate;
import org.mdmenroll.command.credential.PushCertificateFiles.KeyAndRequest;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.problem.Refusal.Kind;
import org.mdmenroll.support.testing.TestPostgres;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mdmenroll.command.RefusalMatcher.refusal;

class PushCertificateTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final String TENANT_NAME = "Acme";
    private static final CredentialId CREDENTIAL = CredentialCommands.pushCertificateOf(TENANT);

    private static final SecretBox BOX = SecretBox.fromBase64Key(TestPostgres.TEST_SECRETS_KEY);

    /** A year after NOW crosses 29 February 2028: plusYears(1) is 366 days, not 365. */
    private static final Instant NOW = Instant.parse("2027-06-01T10:15:30Z");
    private static final Instant ONE_YEAR_AFTER_NOW = Instant.parse("2028-06-01T10:15:30Z");

    private static final UUID TOPIC_UUID = UUID.fromString("3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    private static final UUID OTHER_TOPIC_UUID = UUID.fromString("9a8b7c6d-5e4f-4321-8fed-cba987654321");
    private static final String TOPIC = "com.apple.mgmt.External.3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    private static final String OTHER_TOPIC = "com.apple.mgmt.External.9a8b7c6d-5e4f-4321-8fed-cba987654321";

    /** The first CSR (and its key), answered by the first certificate. */
    private static final KeyAndRequest FIRST_KEY = PushCertificateFiles.newKeyAndRequest(TENANT_NAME);
    /** The CSR made for the renewal, after the first certificate was uploaded. */
    private static final KeyAndRequest RENEWAL_KEY = PushCertificateFiles.newKeyAndRequest(TENANT_NAME);

    /** The first certificate: issued 335 days ago, expires 30 days from NOW. */
    private static final Instant FIRST_EXPIRES = NOW.plus(Duration.ofDays(30));
    private static final Issued FIRST = AppleTestCertificates.forCsr(FIRST_KEY.csrPem(), TOPIC_UUID,
            NOW.minus(Duration.ofDays(335)), FIRST_EXPIRES);
    /** Apple's renewal for the new CSR; its notAfter is deliberately not one year from NOW. */
    private static final Issued RENEWAL = AppleTestCertificates.forCsr(RENEWAL_KEY.csrPem(), TOPIC_UUID,
            NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(400)));
    /** A renewal for the key of the first certificate (no new CSR). */
    private static final Issued RENEWAL_SAME_KEY = AppleTestCertificates.forCsr(FIRST_KEY.csrPem(), TOPIC_UUID,
            NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(390)));
    /** A renewal for the new CSR made under another Apple ID: another topic. */
    private static final Issued RENEWAL_OTHER_TOPIC = AppleTestCertificates.forCsr(RENEWAL_KEY.csrPem(),
            OTHER_TOPIC_UUID, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(400)));

    private final MutableClock clock = new MutableClock(NOW);
    private FixtureConfiguration<PushCertificate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PushCertificate.class);
        fixture.registerInjectableResource(BOX);
        fixture.registerInjectableResource(clock);
    }

    // ---- given ----------------------------------------------------------------------------------

    private static MdmPushCertificateRequested requested(KeyAndRequest key) {
        return new MdmPushCertificateRequested(CREDENTIAL, TENANT, key.csrPem(),
                BOX.seal(SecretPurpose.PUSH_CERTIFICATE_KEY, key.privateKeyBase64()));
    }

    private static MdmPushCertificateUploaded uploaded(Issued certificate) {
        return new MdmPushCertificateUploaded(CREDENTIAL, TENANT, certificate.topic(), certificate.serialHex(),
                certificate.notAfter(), certificate.pem(), certificate.notAfter());
    }

    private static MdmPushCertificateRenewed renewed(Issued certificate, Instant expiresAt) {
        return new MdmPushCertificateRenewed(CREDENTIAL, TENANT, certificate.topic(), certificate.serialHex(),
                certificate.notAfter(), certificate.pem(), expiresAt);
    }

    /** A CSR is pending; nothing was uploaded yet. */
    private TestExecutor<PushCertificate> givenRequested() {
        return fixture.given(requested(FIRST_KEY));
    }

    /** The first certificate is installed (expires FIRST_EXPIRES), followed by these events. */
    private TestExecutor<PushCertificate> givenUploaded(Object... laterEvents) {
        return fixture.given(requested(FIRST_KEY), uploaded(FIRST)).andGiven(laterEvents);
    }

    /** The first certificate is installed and a CSR for its renewal is pending. */
    private TestExecutor<PushCertificate> givenRenewalRequested(Object... laterEvents) {
        return fixture.given(requested(FIRST_KEY), uploaded(FIRST), requested(RENEWAL_KEY)).andGiven(laterEvents);
    }

    private static UploadPushCertificate upload(byte[] certificate) {
        return new UploadPushCertificate(CREDENTIAL, certificate);
    }

    private static UploadPushCertificate upload(Issued certificate) {
        return upload(ascii(certificate.pem()));
    }

    private static RenewPushCertificate renew(Issued certificate) {
        return new RenewPushCertificate(CREDENTIAL, ascii(certificate.pem()), false);
    }

    private static RenewPushCertificate renewConfirmingTopicChange(Issued certificate) {
        return new RenewPushCertificate(CREDENTIAL, ascii(certificate.pem()), true);
    }

    private static RequestPushCertificate request() {
        return new RequestPushCertificate(CREDENTIAL, TENANT, TENANT_NAME);
    }

    private static CredentialExpiryWarned warned(int daysLeft, Instant expiresAt) {
        return new CredentialExpiryWarned(CREDENTIAL, TENANT, CredentialKind.MDM_PUSH_CERTIFICATE, daysLeft,
                expiresAt);
    }

    private static CredentialExpired expired(Instant expiresAt) {
        return new CredentialExpired(CREDENTIAL, TENANT, CredentialKind.MDM_PUSH_CERTIFICATE, expiresAt);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- then -----------------------------------------------------------------------------------

    /** Exactly one event, of this type, kept in {@code into} for closer inspection. */
    @SuppressWarnings("unchecked")
    static <T> Matcher<List<Message<?>>> exactlyOne(Class<T> type, AtomicReference<T> into) {
        Matcher<Message<?>> payload = Matchers.messageWithPayload(captured(type, into));
        return Matchers.exactSequenceOf(payload, Matchers.andNoMore());
    }

    private static <T> Matcher<Object> captured(Class<T> type, AtomicReference<T> into) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item, Description mismatch) {
                if (!type.isInstance(item)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                into.set(type.cast(item));
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a " + type.getSimpleName());
            }
        };
    }

    /** The 409 push-topic-mismatch naming both topics. */
    static Matcher<Refusal> topicMismatch(String currentTopic, String uploadedTopic) {
        Matcher<Refusal> byType = refusal(Kind.CONFLICT, "push-topic-mismatch");
        Map<String, Object> properties = Map.of("currentTopic", currentTopic, "uploadedTopic", uploadedTopic);
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Refusal refusal, Description mismatch) {
                if (!byType.matches(refusal)) {
                    byType.describeMismatch(refusal, mismatch);
                    return false;
                }
                if (!properties.equals(refusal.properties())) {
                    mismatch.appendText("had properties ").appendValue(refusal.properties());
                    return false;
                }
                if (!refusal.getMessage().contains(currentTopic) || !refusal.getMessage().contains(uploadedTopic)) {
                    mismatch.appendText("had a detail naming not both topics: ").appendValue(refusal.getMessage());
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                byType.describeTo(description);
                description.appendText(" with properties ").appendValue(properties);
            }
        };
    }

    private static PKCS10CertificationRequest csr(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    /** The sealed key opens with the key purpose into a PKCS#8 RSA key matching the CSR; it is returned. */
    private static PrivateKey assertSealedKeyMatches(String sealed, String csrPem) throws Exception {
        String clear = BOX.open(SecretPurpose.PUSH_CERTIFICATE_KEY, sealed);
        byte[] pkcs8 = Base64.getDecoder().decode(clear);

        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        assertThat(info.getPrivateKeyAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.rsaEncryption);
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertThat(key).isInstanceOf(RSAPrivateCrtKey.class);
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        byte[] publicPart = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()))
                .getEncoded();
        assertThat(publicPart).isEqualTo(AppleTestCertificates.publicKeyOf(csrPem).getEncoded());

        // Only sealed: neither the clear text nor the key's bytes appear in the sealed value.
        assertThat(sealed).startsWith("v1.").doesNotContain(clear).doesNotContain(clear.substring(0, 64));
        byte[] sealedBytes = Base64.getUrlDecoder().decode(sealed.substring("v1.".length()));
        assertThat(indexOf(sealedBytes, Arrays.copyOfRange(pkcs8, 0, 48))).isEqualTo(-1);
        assertThat(indexOf(sealedBytes, Arrays.copyOfRange(pkcs8, pkcs8.length - 48, pkcs8.length))).isEqualTo(-1);
        // Bound to its purpose.
        assertThatThrownBy(() -> BOX.open(SecretPurpose.APP_PUSH_TOKEN, sealed)).isInstanceOf(IllegalArgumentException.class);
        return key;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- requesting a CSR -----------------------------------------------------------------------

    @Test
    void theFirstRequestMakesAKeyPairAndCsrKeepingThePrivateKeyOnlySealed() throws Exception {
        AtomicReference<MdmPushCertificateRequested> event = new AtomicReference<>();
        AtomicReference<String> answer = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(request())
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactlyOne(MdmPushCertificateRequested.class, event))
                .expectResultMessagePayloadMatching(captured(String.class, answer));

        MdmPushCertificateRequested requested = event.get();
        assertThat(requested.credentialId()).isEqualTo(CREDENTIAL);
        assertThat(requested.tenantId()).isEqualTo(TENANT);
        assertThat(answer.get()).isEqualTo(requested.csrPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");

        PKCS10CertificationRequest csr = csr(requested.csrPem());
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo())))
                .isTrue();
        assertThat(csr.getSubject().toString()).contains("O=" + TENANT_NAME);
        assertSealedKeyMatches(requested.sealedPrivateKey(), requested.csrPem());
    }

    @Test
    void aRepeatedRequestAnswersThePendingCsrAndRecordsNothing() {
        givenRequested()
                .when(request())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(FIRST_KEY.csrPem());
    }

    @Test
    void aRequestAfterTheCertificateWasUploadedMakesANewKeyPair() throws Exception {
        AtomicReference<MdmPushCertificateRequested> event = new AtomicReference<>();
        AtomicReference<String> answer = new AtomicReference<>();
        givenUploaded()
                .when(request())
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactlyOne(MdmPushCertificateRequested.class, event))
                .expectResultMessagePayloadMatching(captured(String.class, answer));

        MdmPushCertificateRequested requested = event.get();
        assertThat(requested.credentialId()).isEqualTo(CREDENTIAL);
        assertThat(requested.tenantId()).isEqualTo(TENANT);
        assertThat(answer.get()).isEqualTo(requested.csrPem()).isNotEqualTo(FIRST_KEY.csrPem());
        assertThat(AppleTestCertificates.publicKeyOf(requested.csrPem()).getEncoded())
                .isNotEqualTo(FIRST.publicKey());
        PrivateKey key = assertSealedKeyMatches(requested.sealedPrivateKey(), requested.csrPem());
        assertThat(Base64.getEncoder().encodeToString(key.getEncoded())).isNotEqualTo(FIRST_KEY.privateKeyBase64());
    }

    @Test
    void theRenewalCsrIsAnsweredAgainWhileItIsPending() {
        givenRenewalRequested()
                .when(request())
                .expectNoEvents()
                .expectResultMessagePayload(RENEWAL_KEY.csrPem());
    }

    @Test
    void aRenewalForThePendingKeyUsesTheCsrUpSoTheNextRequestMakesANewKeyPair() {
        AtomicReference<MdmPushCertificateRequested> event = new AtomicReference<>();
        givenRenewalRequested(renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(request())
                .expectEventsMatching(exactlyOne(MdmPushCertificateRequested.class, event));
        assertThat(event.get().csrPem()).isNotEqualTo(RENEWAL_KEY.csrPem()).isNotEqualTo(FIRST_KEY.csrPem());
    }

    @Test
    void aRenewalForTheCurrentKeyLeavesThePendingCsrPending() {
        givenRenewalRequested(renewed(RENEWAL_SAME_KEY, ONE_YEAR_AFTER_NOW))
                .when(request())
                .expectNoEvents()
                .expectResultMessagePayload(RENEWAL_KEY.csrPem());
    }

    // ---- uploading the first certificate --------------------------------------------------------

    @Test
    void aPemCertificateForThePendingCsrIsUploadedWithTheTopicFromItsUidAndExpiresAtItsNotAfter() {
        givenRequested()
                .when(upload(FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MdmPushCertificateUploaded(CREDENTIAL, TENANT, TOPIC, FIRST.serialHex(),
                        FIRST_EXPIRES, FIRST.pem(), FIRST_EXPIRES))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC, FIRST_EXPIRES, false));
    }

    @Test
    void aDerCertificateIsUploadedJustTheSameAndRecordedAsPem() {
        givenRequested()
                .when(upload(FIRST.der()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MdmPushCertificateUploaded(CREDENTIAL, TENANT, TOPIC, FIRST.serialHex(),
                        FIRST_EXPIRES, FIRST.pem(), FIRST_EXPIRES))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC, FIRST_EXPIRES, false));
    }

    @Test
    void theUploadedCertificatesSerialNumberIsRecordedInHex() {
        assertThat(FIRST.serialHex()).matches("[0-9a-f]+").endsWith("beef");
        givenRequested()
                .when(upload(FIRST))
                .expectEventsMatching(Matchers.exactSequenceOf(Matchers.messageWithPayload(Matchers.matches(
                        (MdmPushCertificateUploaded e) -> e.serialNumber().equals(FIRST.serialHex()))),
                        Matchers.andNoMore()));
    }

    @ParameterizedTest(name = "upload \"{0}\"")
    @ValueSource(strings = {"", "garbage", "\u0000\u0001\u0002\u00ff\u00fe",
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"})
    void somethingThatIsNotACertificateIsRefusedAndRecordsNothing(String upload) {
        givenRequested()
                .when(upload(upload.getBytes(StandardCharsets.ISO_8859_1)))
                .expectException(refusal(Kind.INVALID, "invalid-certificate"))
                .expectNoEvents();
    }

    @Test
    void randomBytesAreRefusedAsInvalidCertificate() {
        byte[] garbage = new byte[700];
        new Random(42).nextBytes(garbage);
        givenRequested()
                .when(upload(garbage))
                .expectException(refusal(Kind.INVALID, "invalid-certificate"))
                .expectNoEvents();
    }

    @Test
    void aCsrIsNotACertificate() {
        givenRequested()
                .when(upload(ascii(FIRST_KEY.csrPem())))
                .expectException(refusal(Kind.INVALID, "invalid-certificate"))
                .expectNoEvents();
    }

    @Test
    void aCertificateWithoutSubjectUidIsNotAnMdmPushCertificate() {
        Issued noUid = AppleTestCertificates.withoutUid(FIRST_KEY.csrPem(), TOPIC_UUID, NOW.minusSeconds(60),
                FIRST_EXPIRES);
        givenRequested()
                .when(upload(noUid))
                .expectException(refusal(Kind.INVALID, "not-an-mdm-push-certificate"))
                .expectNoEvents();
    }

    @Test
    void aDerCertificateWithoutSubjectUidIsNotAnMdmPushCertificate() {
        Issued noUid = AppleTestCertificates.withoutUid(FIRST_KEY.csrPem(), TOPIC_UUID, NOW.minusSeconds(60),
                FIRST_EXPIRES);
        givenRequested()
                .when(upload(noUid.der()))
                .expectException(refusal(Kind.INVALID, "not-an-mdm-push-certificate"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "subject UID \"{0}\"")
    @ValueSource(strings = {"com.apple.mgmt.External.not-a-uuid", "com.apple.mgmt.External.",
            "com.example.push.3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "com.apple.mgmt.External.3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d.extra"})
    void aSubjectUidThatIsNotAnMdmTopicIsNotAnMdmPushCertificate(String uid) {
        Issued certificate = AppleTestCertificates.withUid(FIRST_KEY.csrPem(), uid, NOW.minusSeconds(60),
                FIRST_EXPIRES);
        givenRequested()
                .when(upload(certificate))
                .expectException(refusal(Kind.INVALID, "not-an-mdm-push-certificate"))
                .expectNoEvents();
    }

    @Test
    void aCertificateForAnotherKeyIsRefused() {
        Issued otherKey = AppleTestCertificates.forUnrelatedKey(TOPIC_UUID, NOW.minusSeconds(60), FIRST_EXPIRES);
        givenRequested()
                .when(upload(otherKey))
                .expectException(refusal(Kind.INVALID, "certificate-key-mismatch"))
                .expectNoEvents();
    }

    @Test
    void aCertificateExpiringAtThisVeryInstantIsRefusedAsExpired() {
        Issued expiringNow = AppleTestCertificates.forCsr(FIRST_KEY.csrPem(), TOPIC_UUID,
                NOW.minus(Duration.ofDays(365)), NOW);
        givenRequested()
                .when(upload(expiringNow))
                .expectException(refusal(Kind.INVALID, "certificate-expired"))
                .expectNoEvents();
    }

    @Test
    void aCertificateThatExpiredEarlierIsRefusedAsExpired() {
        clock.setInstant(FIRST_EXPIRES.plus(Duration.ofDays(1)));
        givenRequested()
                .when(upload(FIRST))
                .expectException(refusal(Kind.INVALID, "certificate-expired"))
                .expectNoEvents();
    }

    @Test
    void aCertificateExpiringASecondFromNowIsStillAccepted() {
        clock.setInstant(FIRST_EXPIRES.minusSeconds(1));
        givenRequested()
                .when(upload(FIRST))
                .expectEvents(uploaded(FIRST));
    }

    @Test
    void aSecondUploadIsRefusedAsAConflictAndRecordsNothing() {
        givenUploaded()
                .when(upload(FIRST))
                .expectException(refusal(Kind.CONFLICT, "push-certificate-exists"))
                .expectNoEvents();
    }

    @Test
    void aSecondUploadIsRefusedEvenForThePendingRenewalCsr() {
        givenRenewalRequested()
                .when(upload(RENEWAL))
                .expectException(refusal(Kind.CONFLICT, "push-certificate-exists"))
                .expectNoEvents();
    }

    // ---- renewing -------------------------------------------------------------------------------

    @Test
    void aRenewalWithTheSameTopicExpiresOneYearFromNowNotAtTheCertificatesNotAfter() {
        assertThat(RENEWAL.notAfter()).isNotEqualTo(ONE_YEAR_AFTER_NOW);
        givenRenewalRequested()
                .when(renew(RENEWAL))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MdmPushCertificateRenewed(CREDENTIAL, TENANT, TOPIC, RENEWAL.serialHex(),
                        RENEWAL.notAfter(), RENEWAL.pem(), ONE_YEAR_AFTER_NOW))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC, ONE_YEAR_AFTER_NOW, false));
    }

    @Test
    void aRenewalOnTheTwentyNinthOfFebruaryExpiresOnTheTwentyEighthOfTheNextYear() {
        clock.setInstant(Instant.parse("2028-02-29T12:00:00Z"));
        Instant expected = Instant.parse("2029-02-28T12:00:00Z");
        givenRenewalRequested()
                .when(renew(RENEWAL))
                .expectEvents(renewed(RENEWAL, expected))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC, expected, false));
    }

    @Test
    void aRenewalExpiresOneYearFromTheClockAtTheTimeOfRenewing() {
        clock.setInstant(NOW.plus(Duration.ofDays(10)));
        Instant expected = Instant.parse("2028-06-11T10:15:30Z");
        givenRenewalRequested()
                .when(renew(RENEWAL))
                .expectEvents(renewed(RENEWAL, expected));
    }

    @Test
    void aDerRenewalIsAcceptedAndRecordedAsPem() {
        givenRenewalRequested()
                .when(new RenewPushCertificate(CREDENTIAL, RENEWAL.der(), false))
                .expectEvents(renewed(RENEWAL, ONE_YEAR_AFTER_NOW));
    }

    @Test
    void aRenewalWithACertificateForTheCurrentKeyNeedsNoNewCsr() {
        givenUploaded()
                .when(renew(RENEWAL_SAME_KEY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MdmPushCertificateRenewed(CREDENTIAL, TENANT, TOPIC, RENEWAL_SAME_KEY.serialHex(),
                        RENEWAL_SAME_KEY.notAfter(), RENEWAL_SAME_KEY.pem(), ONE_YEAR_AFTER_NOW))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC, ONE_YEAR_AFTER_NOW, false));
    }

    @Test
    void aRenewalForTheCurrentKeyWorksWhileANewCsrIsPending() {
        givenRenewalRequested()
                .when(renew(RENEWAL_SAME_KEY))
                .expectEvents(renewed(RENEWAL_SAME_KEY, ONE_YEAR_AFTER_NOW));
    }

    @Test
    void theRenewedCertificateIsTheCurrentOneForTheNextRenewal() {
        Issued nextYear = AppleTestCertificates.forCsr(RENEWAL_KEY.csrPem(), TOPIC_UUID, NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(500)));
        givenRenewalRequested(renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(renew(nextYear))
                .expectEvents(renewed(nextYear, ONE_YEAR_AFTER_NOW));
    }

    @Test
    void aRenewalWithAnotherTopicIsAConflictNamingBothTopicsAndRecordsNothing() {
        givenRenewalRequested()
                .when(renew(RENEWAL_OTHER_TOPIC))
                .expectException(topicMismatch(TOPIC, OTHER_TOPIC))
                .expectNoEvents();
    }

    @Test
    void aConfirmedTopicChangeIsRecordedBeforeTheRenewal() {
        givenRenewalRequested()
                .when(renewConfirmingTopicChange(RENEWAL_OTHER_TOPIC))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MdmPushTopicChanged(CREDENTIAL, TENANT, TOPIC, OTHER_TOPIC),
                        new MdmPushCertificateRenewed(CREDENTIAL, TENANT, OTHER_TOPIC,
                                RENEWAL_OTHER_TOPIC.serialHex(), RENEWAL_OTHER_TOPIC.notAfter(),
                                RENEWAL_OTHER_TOPIC.pem(), ONE_YEAR_AFTER_NOW))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, OTHER_TOPIC, ONE_YEAR_AFTER_NOW,
                        true));
    }

    @Test
    void confirmingATopicChangeThatIsNoneRecordsOnlyTheRenewal() {
        givenRenewalRequested()
                .when(renewConfirmingTopicChange(RENEWAL))
                .expectEvents(renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC, ONE_YEAR_AFTER_NOW, false));
    }

    @Test
    void afterAConfirmedTopicChangeTheNewTopicIsTheOneToKeep() {
        Issued backToOldTopic = AppleTestCertificates.forCsr(RENEWAL_KEY.csrPem(), TOPIC_UUID, NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(500)));
        givenRenewalRequested(new MdmPushTopicChanged(CREDENTIAL, TENANT, TOPIC, OTHER_TOPIC),
                renewed(RENEWAL_OTHER_TOPIC, ONE_YEAR_AFTER_NOW))
                .when(renew(backToOldTopic))
                .expectException(topicMismatch(OTHER_TOPIC, TOPIC))
                .expectNoEvents();
    }

    @Test
    void renewingBeforeAnyUploadIsAConflict() {
        Issued forPendingCsr = AppleTestCertificates.forCsr(FIRST_KEY.csrPem(), TOPIC_UUID, NOW.minusSeconds(60),
                FIRST_EXPIRES);
        givenRequested()
                .when(renew(forPendingCsr))
                .expectException(refusal(Kind.CONFLICT, "no-push-certificate"))
                .expectNoEvents();
    }

    @Test
    void aRenewalForAnotherKeyIsRefused() {
        Issued otherKey = AppleTestCertificates.forUnrelatedKey(TOPIC_UUID, NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(400)));
        givenRenewalRequested()
                .when(renewConfirmingTopicChange(otherKey))
                .expectException(refusal(Kind.INVALID, "certificate-key-mismatch"))
                .expectNoEvents();
    }

    @Test
    void aRenewalWithAnExpiredCertificateIsRefused() {
        clock.setInstant(RENEWAL.notAfter());
        givenRenewalRequested()
                .when(renew(RENEWAL))
                .expectException(refusal(Kind.INVALID, "certificate-expired"))
                .expectNoEvents();
    }

    @Test
    void aRenewalWithSomethingThatIsNotACertificateIsRefused() {
        givenRenewalRequested()
                .when(new RenewPushCertificate(CREDENTIAL, ascii("not a certificate"), true))
                .expectException(refusal(Kind.INVALID, "invalid-certificate"))
                .expectNoEvents();
    }

    @Test
    void aRenewalWithoutSubjectUidIsRefused() {
        Issued noUid = AppleTestCertificates.withoutUid(RENEWAL_KEY.csrPem(), TOPIC_UUID, NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(400)));
        givenRenewalRequested()
                .when(renewConfirmingTopicChange(noUid))
                .expectException(refusal(Kind.INVALID, "not-an-mdm-push-certificate"))
                .expectNoEvents();
    }

    // ---- expiry warnings ------------------------------------------------------------------------

    @Test
    void aWarningForTheCurrentExpiryIsRecorded() {
        givenUploaded()
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 30, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(warned(30, FIRST_EXPIRES));
    }

    @Test
    void eachThresholdIsWarnedOnce() {
        givenUploaded(warned(30, FIRST_EXPIRES), warned(14, FIRST_EXPIRES))
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 7, FIRST_EXPIRES))
                .expectEvents(warned(7, FIRST_EXPIRES));
    }

    @Test
    void aRepeatedWarningIsIgnored() {
        givenUploaded(warned(30, FIRST_EXPIRES))
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 30, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aWarningForAnExpiryThatIsNotTheCurrentOneIsIgnored() {
        givenUploaded()
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 30, FIRST_EXPIRES.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aWarningForTheExpiryBeforeTheRenewalIsIgnored() {
        givenRenewalRequested(renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 1, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aWarningForTheRenewedExpiryIsRecordedEvenIfThatThresholdWasWarnedBefore() {
        givenRenewalRequested(warned(30, FIRST_EXPIRES), renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 30, ONE_YEAR_AFTER_NOW))
                .expectEvents(warned(30, ONE_YEAR_AFTER_NOW));
    }

    @Test
    void aWarningBeforeAnyCertificateIsIgnored() {
        givenRequested()
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 30, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLateWarningAfterTheExpiryIsIgnored() {
        givenUploaded(expired(FIRST_EXPIRES))
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 1, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // ---- expiry ---------------------------------------------------------------------------------

    @Test
    void theCurrentCertificateExpires() {
        givenUploaded(warned(30, FIRST_EXPIRES), warned(14, FIRST_EXPIRES), warned(7, FIRST_EXPIRES),
                warned(1, FIRST_EXPIRES))
                .when(new ExpireCredential(CREDENTIAL, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(expired(FIRST_EXPIRES));
    }

    @Test
    void anExpiryIsRecordedOnce() {
        givenUploaded(expired(FIRST_EXPIRES))
                .when(new ExpireCredential(CREDENTIAL, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theExpiryOfTheCertificateBeforeTheRenewalIsIgnored() {
        givenRenewalRequested(renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(new ExpireCredential(CREDENTIAL, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theRenewedCertificateExpiresAtItsOwnExpiry() {
        givenRenewalRequested(renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(new ExpireCredential(CREDENTIAL, ONE_YEAR_AFTER_NOW))
                .expectEvents(expired(ONE_YEAR_AFTER_NOW));
    }

    @Test
    void anExpiryBeforeAnyCertificateIsIgnored() {
        givenRequested()
                .when(new ExpireCredential(CREDENTIAL, FIRST_EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRenewalAfterTheExpiryMakesWarningsPossibleAgain() {
        clock.setInstant(FIRST_EXPIRES.plus(Duration.ofDays(3)));
        Instant renewedUntil = FIRST_EXPIRES.plus(Duration.ofDays(3)).atZone(ZoneOffset.UTC).plusYears(1)
                .toInstant();
        givenRenewalRequested(warned(30, FIRST_EXPIRES), warned(1, FIRST_EXPIRES), expired(FIRST_EXPIRES),
                renewed(RENEWAL, renewedUntil))
                .when(new RecordCredentialExpiryWarning(CREDENTIAL, 30, renewedUntil))
                .expectEvents(warned(30, renewedUntil));
    }

    @Test
    void aRenewalAfterTheExpiryCanExpireAgain() {
        givenRenewalRequested(expired(FIRST_EXPIRES), renewed(RENEWAL, ONE_YEAR_AFTER_NOW))
                .when(new ExpireCredential(CREDENTIAL, ONE_YEAR_AFTER_NOW))
                .expectEvents(expired(ONE_YEAR_AFTER_NOW));
    }

    @Test
    void anExpiredCertificateCanBeRenewed() {
        clock.setInstant(FIRST_EXPIRES.plus(Duration.ofDays(3)));
        givenRenewalRequested(expired(FIRST_EXPIRES))
                .when(renew(RENEWAL))
                .expectEvents(renewed(RENEWAL, Instant.parse("2028-07-04T10:15:30Z")));
    }

    /** Guards the fixture data itself: the renewal date must differ from both certificates' notAfter. */
    @Test
    void theTestDataKeepsTheDatesApart() {
        assertThat(FIRST.topic()).isEqualTo(TOPIC);
        assertThat(RENEWAL_OTHER_TOPIC.topic()).isEqualTo(OTHER_TOPIC);
        assertThat(Duration.between(NOW, ONE_YEAR_AFTER_NOW)).isEqualTo(Duration.ofDays(366));
        assertThat(List.of(FIRST.notAfter(), RENEWAL.notAfter(), RENEWAL_SAME_KEY.notAfter()))
                .doesNotContain(ONE_YEAR_AFTER_NOW);
    }
}
