package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.AppleTestCertificates.Issued;
import org.mdmenroll.command.credential.AppleTestCertificates.WithKey;
import org.mdmenroll.command.credential.CredentialCommands.ImportPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.PushCertificateState;
import org.mdmenroll.command.credential.CredentialCommands.RenewPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.RequestPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.UploadPushCertificate;
import org.mdmenroll.command.credential.PushCertificateFiles.ImportFiles;
import org.mdmenroll.command.credential.PushCertificateFiles.KeyAndRequest;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.testing.TestPostgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.credential.PushCertificateTest.exactlyOne;
import static org.mdmenroll.command.credential.PushCertificateTest.topicMismatch;

/**
 * Importing the push certificate and key an organisation used with another MDM: the topic is kept,
 * the key only sealed, and every file that is not what it should be is refused with nothing recorded.
 */
class PushCertificateImportTest {

    private static final TenantId TENANT = TenantId.of("5b3a1c9e-2f44-4e0a-8a32-4a7f2c1b0d02");
    private static final CredentialId CREDENTIAL = CredentialCommands.pushCertificateOf(TENANT);
    private static final SecretBox BOX = SecretBox.fromBase64Key(TestPostgres.TEST_SECRETS_KEY);
    private static final Instant NOW = Instant.parse("2027-06-01T10:15:30Z");

    private static final UUID TOPIC_UUID = UUID.fromString("6c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e");
    private static final String TOPIC = AppleTestCertificates.topic(TOPIC_UUID);
    private static final String OTHER_TOPIC = AppleTestCertificates.topic(
            UUID.fromString("0f9e8d7c-6b5a-4948-8372-615049382716"));

    /** The certificate the other MDM used: issued 200 days ago, valid 165 days more. */
    private static final WithKey BROUGHT = AppleTestCertificates.withOwnKey(TOPIC_UUID,
            NOW.minus(Duration.ofDays(200)), NOW.plus(Duration.ofDays(165)));
    private static final WithKey OTHER = AppleTestCertificates.withOwnKey(TOPIC_UUID,
            NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(355)));
    private static final WithKey EXPIRED = AppleTestCertificates.withOwnKey(TOPIC_UUID,
            NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(35)));

    /** A certificate made here through our own CSR, installed before an import. */
    private static final KeyAndRequest OWN_KEY = PushCertificateFiles.newKeyAndRequest("Acme");
    private static final Issued OWN = AppleTestCertificates.forCsr(OWN_KEY.csrPem(), TOPIC_UUID,
            NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(335)));
    private static final Issued OWN_OTHER_TOPIC = AppleTestCertificates.forCsr(OWN_KEY.csrPem(),
            UUID.fromString("0f9e8d7c-6b5a-4948-8372-615049382716"), NOW.minus(Duration.ofDays(30)),
            NOW.plus(Duration.ofDays(335)));

    private FixtureConfiguration<PushCertificate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PushCertificate.class);
        fixture.registerInjectableResource(BOX);
        fixture.registerInjectableResource(new MutableClock(NOW));
    }

    private static ImportPushCertificate pem(WithKey certificate) {
        return files(new ImportFiles(ascii(certificate.certificate().pem()), ascii(certificate.pkcs8Pem()), null, null));
    }

    private static ImportPushCertificate files(ImportFiles files) {
        return new ImportPushCertificate(CREDENTIAL, TENANT, files, false);
    }

    private static ImportPushCertificate confirmingTopicChange(WithKey certificate) {
        return new ImportPushCertificate(CREDENTIAL, TENANT, new ImportFiles(ascii(certificate.certificate().pem()),
                ascii(certificate.pkcs8Pem()), null, null), true);
    }

    private static MdmPushCertificateRequested requested(KeyAndRequest key) {
        return new MdmPushCertificateRequested(CREDENTIAL, TENANT, key.csrPem(),
                BOX.seal(SecretPurpose.PUSH_CERTIFICATE_KEY, key.privateKeyBase64()));
    }

    private static MdmPushCertificateUploaded uploaded(Issued certificate) {
        return new MdmPushCertificateUploaded(CREDENTIAL, TENANT, certificate.topic(), certificate.serialHex(),
                certificate.notAfter(), certificate.pem(), certificate.notAfter());
    }

    private static MdmPushCertificateImported imported(WithKey certificate) {
        Issued issued = certificate.certificate();
        return new MdmPushCertificateImported(CREDENTIAL, TENANT, issued.topic(), issued.serialHex(), issued.notAfter(),
                issued.pem(), BOX.seal(SecretPurpose.PUSH_CERTIFICATE_KEY,
                Base64.getEncoder().encodeToString(certificate.keys().getPrivate().getEncoded())), issued.notAfter());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The event is the certificate's, expiring at its notAfter, with its key only sealed. */
    private static void assertImportedWithSealedKey(MdmPushCertificateImported event, WithKey certificate) {
        Issued issued = certificate.certificate();
        assertThat(event.credentialId()).isEqualTo(CREDENTIAL);
        assertThat(event.tenantId()).isEqualTo(TENANT);
        assertThat(event.topic()).isEqualTo(issued.topic());
        assertThat(event.serialNumber()).isEqualTo(issued.serialHex());
        assertThat(event.notAfter()).isEqualTo(issued.notAfter());
        assertThat(event.expiresAt()).isEqualTo(issued.notAfter());
        assertThat(event.certificatePem()).isEqualTo(issued.pem());
        String clear = Base64.getEncoder().encodeToString(certificate.keys().getPrivate().getEncoded());
        assertThat(event.sealedPrivateKey()).startsWith("v1.").doesNotContain(clear.substring(0, 64));
        assertThat(BOX.open(SecretPurpose.PUSH_CERTIFICATE_KEY, event.sealedPrivateKey())).isEqualTo(clear);
        assertThat(event.toString()).doesNotContain(clear.substring(0, 64));
    }

    // ---- accepted files -------------------------------------------------------------------------

    @Test
    void aPemCertificateAndPkcs8KeyAreImportedWithoutAnyCsrKeepingTheTopicAndTheKeyOnlySealed() {
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(pem(BROUGHT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC,
                        BROUGHT.certificate().notAfter(), false))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    @Test
    void aTraditionalRsaPrivateKeyPemIsReadToo() {
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), ascii(BROUGHT.pkcs1Pem()), null, null)))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    @Test
    void aDerCertificateAndDerKeyAreReadAndTheCertificateRecordedAsPem() {
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(BROUGHT.certificate().der(), BROUGHT.keys().getPrivate().getEncoded(),
                        null, null)))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    @Test
    void anEncryptedKeyIsReadWithItsPassword() {
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()),
                        ascii(BROUGHT.encryptedPkcs8Pem("s3cret key")), null, "s3cret key")))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    @Test
    void aPkcs12FileIsImportedWithItsPassword() {
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, BROUGHT.pkcs12("export-pw"), "export-pw")))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    /** What openssl 3 exports (AES-256, PBKDF2) and its -legacy form (RC2/3DES, as older Keychain exports) both read. */
    @ParameterizedTest(name = "openssl pkcs12 -export {0}")
    @ValueSource(strings = {"", "-legacy"})
    void aPkcs12ExportedByOpensslIsImported(String option, @TempDir Path dir) throws Exception {
        assumeTrue(openssl("version").exitValue() == 0, "openssl is not installed");
        Files.writeString(dir.resolve("cert.pem"), BROUGHT.certificate().pem());
        Files.writeString(dir.resolve("key.pem"), BROUGHT.pkcs8Pem());
        List<String> command = new ArrayList<>(List.of("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem",
                "-out", "push.p12", "-passout", "pass:from the old MDM"));
        if (!option.isEmpty()) {
            command.add(option);
        }
        Process export = openssl(dir, command);
        assumeTrue(export.exitValue() == 0, "this openssl cannot export " + option);
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, Files.readAllBytes(dir.resolve("push.p12")), "from the old MDM")))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    private static Process openssl(String argument) throws Exception {
        try {
            return openssl(null, List.of(argument));
        } catch (IOException notInstalled) {
            return new ProcessBuilder("false").start();
        }
    }

    private static Process openssl(Path dir, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    // ---- refused files: nothing is recorded -----------------------------------------------------

    @Test
    void aWrongPkcs12PasswordIsRefusedAndRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, BROUGHT.pkcs12("export-pw"), "not-the-password")))
                .expectException(refusal("wrong-password"))
                .expectNoEvents();
    }

    @Test
    void aPkcs12WithoutPasswordIsRefusedAsAWrongPassword() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, BROUGHT.pkcs12("export-pw"), null)))
                .expectException(refusal("wrong-password"))
                .expectNoEvents();
    }

    @Test
    void aPkcs12WithoutAPrivateKeyIsRefused() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("only the certificate", new JcaX509CertificateConverter()
                .getCertificate(new X509CertificateHolder(BROUGHT.certificate().der())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, "pw".toCharArray());
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, out.toByteArray(), "pw")))
                .expectException(refusal("pkcs12-without-key"))
                .expectNoEvents();
    }

    @Test
    void aFileThatIsNoPkcs12IsRefused() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, ascii(BROUGHT.certificate().pem()), "pw")))
                .expectException(refusal("invalid-pkcs12"))
                .expectNoEvents();
    }

    @Test
    void anEncryptedKeyWithAWrongOrNoPasswordIsRefused() {
        byte[] encrypted = ascii(BROUGHT.encryptedPkcs8Pem("s3cret key"));
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), encrypted, null, "wrong")))
                .expectException(refusal("wrong-password"))
                .expectNoEvents();
        setUp();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), encrypted, null, null)))
                .expectException(refusal("wrong-password"))
                .expectNoEvents();
    }

    @Test
    void aKeyFileThatIsNoKeyIsRefused() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), ascii("hello, I am not a key"), null,
                        null)))
                .expectException(refusal("invalid-private-key"))
                .expectNoEvents();
        setUp();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), ascii(BROUGHT.certificate().pem()), null,
                        null)))
                .expectException(refusal("invalid-private-key"))
                .expectNoEvents();
    }

    @Test
    void aCertificateFileThatIsNoCertificateIsRefused() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.pkcs8Pem()), ascii(BROUGHT.pkcs8Pem()), null, null)))
                .expectException(refusal("invalid-certificate"))
                .expectNoEvents();
    }

    @Test
    void theKeyOfAnotherCertificateIsRefused() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), ascii(OTHER.pkcs8Pem()), null, null)))
                .expectException(refusal("certificate-key-mismatch"))
                .expectNoEvents();
    }

    @Test
    void aCertificateWithoutItsKeyOrBothFormsAtOnceAreRefused() {
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), null, null, null)))
                .expectException(refusal("invalid-import"))
                .expectNoEvents();
        setUp();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(ascii(BROUGHT.certificate().pem()), ascii(BROUGHT.pkcs8Pem()),
                        BROUGHT.pkcs12("pw"), "pw")))
                .expectException(refusal("invalid-import"))
                .expectNoEvents();
        setUp();
        fixture.givenNoPriorActivity()
                .when(files(new ImportFiles(null, null, null, null)))
                .expectException(refusal("invalid-import"))
                .expectNoEvents();
    }

    @Test
    void anExpiredCertificateIsRefused() {
        fixture.givenNoPriorActivity()
                .when(pem(EXPIRED))
                .expectException(refusal("certificate-expired"))
                .expectNoEvents();
    }

    @Test
    void theFilesPrintWithoutKeyOrPassword() {
        ImportFiles files = new ImportFiles(ascii(BROUGHT.certificate().pem()), ascii(BROUGHT.pkcs8Pem()), null,
                "top-secret-pw");
        assertThat(files.toString()).doesNotContain("top-secret-pw").doesNotContain("PRIVATE KEY");
        assertThat(pem(BROUGHT).toString()).doesNotContain("PRIVATE KEY");
    }

    // ---- over an installed certificate: the renewal's topic rule --------------------------------

    @Test
    void overAnInstalledCertificateOfTheSameTopicTheImportReplacesIt() {
        AtomicReference<MdmPushCertificateImported> event = new AtomicReference<>();
        fixture.given(requested(OWN_KEY), uploaded(OWN))
                .when(pem(BROUGHT))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC,
                        BROUGHT.certificate().notAfter(), false))
                .expectEventsMatching(exactlyOne(MdmPushCertificateImported.class, event));
        assertImportedWithSealedKey(event.get(), BROUGHT);
    }

    @Test
    void overAnInstalledCertificateOfAnotherTopicTheImportIsRefusedNamingBothTopics() {
        fixture.given(requested(OWN_KEY), uploaded(OWN_OTHER_TOPIC))
                .when(pem(BROUGHT))
                .expectException(topicMismatch(OTHER_TOPIC, TOPIC))
                .expectNoEvents();
    }

    @Test
    void aConfirmedTopicChangeIsRecordedBeforeTheImport() {
        fixture.given(requested(OWN_KEY), uploaded(OWN_OTHER_TOPIC))
                .when(confirmingTopicChange(BROUGHT))
                .expectResultMessagePayload(new PushCertificateState(CREDENTIAL, TOPIC,
                        BROUGHT.certificate().notAfter(), true))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(equalTo(new MdmPushTopicChanged(CREDENTIAL, TENANT, OTHER_TOPIC, TOPIC))),
                        messageWithPayload(instanceOf(MdmPushCertificateImported.class)),
                        andNoMore()));
    }

    // ---- after an import ------------------------------------------------------------------------

    @Test
    void anImportedCertificateIsRenewedThroughANewCsrOfOurs() {
        Issued renewal = AppleTestCertificates.forCsr(OWN_KEY.csrPem(), TOPIC_UUID, NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(400)));
        Instant oneYear = NOW.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
        fixture.given(imported(BROUGHT), requested(OWN_KEY))
                .when(new RenewPushCertificate(CREDENTIAL, ascii(renewal.pem()), false))
                .expectEvents(new MdmPushCertificateRenewed(CREDENTIAL, TENANT, TOPIC, renewal.serialHex(),
                        renewal.notAfter(), renewal.pem(), oneYear));
    }

    @Test
    void afterAnImportAFirstUploadIsRefused() {
        fixture.given(imported(BROUGHT), requested(OWN_KEY))
                .when(new UploadPushCertificate(CREDENTIAL, ascii(OWN.pem())))
                .expectException(refusal("push-certificate-exists"))
                .expectNoEvents();
    }

    @Test
    void aCsrPendingBeforeTheImportStaysPending() {
        fixture.given(requested(OWN_KEY), imported(BROUGHT))
                .when(new RequestPushCertificate(CREDENTIAL, TENANT, "Acme"))
                .expectResultMessagePayload(OWN_KEY.csrPem())
                .expectNoEvents();
    }
}
