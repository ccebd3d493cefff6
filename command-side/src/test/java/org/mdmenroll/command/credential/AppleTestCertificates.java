package org.mdmenroll.command.credential;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues X.509 certificates "as Apple would" for tests: for the public key of a CSR the aggregate
 * made, with the subject Apple gives MDM push certificates ({@code UID=com.apple.mgmt.External.<uuid>},
 * {@code CN=APSP:<uuid>}), signed by a throwaway test CA. Also the certificates Apple would never
 * issue for us: for an unrelated key, or without the UID.
 */
public final class AppleTestCertificates {

    /** The topic prefix of every MDM push certificate. */
    static final String TOPIC_PREFIX = "com.apple.mgmt.External.";

    private static final X500Name CA_NAME = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, "Test Apple Application Integration 2 Certification Authority")
            .addRDN(BCStyle.OU, "Test Certification Authority")
            .addRDN(BCStyle.O, "Not Apple Inc.")
            .addRDN(BCStyle.C, "US")
            .build();
    private static final KeyPair CA_KEYS = newRsaKeyPair();
    private static final AtomicLong SERIALS = new AtomicLong(0x5A17_0000L);

    private AppleTestCertificates() {
    }

    /** An issued certificate: both encodings, and what it says. */
    public record Issued(String pem, byte[] der, String topic, BigInteger serialNumber, Instant notBefore, Instant notAfter,
                  byte[] publicKey) {

        /** The serial number as the events carry it (hex). */
        public String serialHex() {
            return serialNumber.toString(16);
        }
    }

    /** The MDM push topic of a push certificate with this UUID. */
    public static String topic(UUID uuid) {
        return TOPIC_PREFIX + uuid;
    }

    /** A push certificate for the CSR's key with topic {@code com.apple.mgmt.External.<uuid>}. */
    public static Issued forCsr(String csrPem, UUID uuid, Instant notBefore, Instant notAfter) {
        return issue(publicKeyOf(csrPem), appleSubject(uuid), topic(uuid), notBefore, notAfter);
    }

    /** A push certificate with a proper MDM topic, but for a key nobody asked about (a new RSA key pair). */
    static Issued forUnrelatedKey(UUID uuid, Instant notBefore, Instant notAfter) {
        SubjectPublicKeyInfo other = SubjectPublicKeyInfo.getInstance(newRsaKeyPair().getPublic().getEncoded());
        return issue(other, appleSubject(uuid), topic(uuid), notBefore, notAfter);
    }

    /** A push certificate as another MDM holds it: with its own key pair, which the test can export. */
    public record WithKey(Issued certificate, KeyPair keys) {

        /** The key as PKCS#8 PEM ({@code PRIVATE KEY}). */
        public String pkcs8Pem() {
            try {
                return Pem.of(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The key as OpenSSL's traditional PKCS#1 PEM ({@code RSA PRIVATE KEY}). */
        public String pkcs1Pem() {
            return Pem.of(keys.getPrivate());
        }

        /** The key as encrypted PKCS#8 PEM ({@code ENCRYPTED PRIVATE KEY}, AES-256-CBC). */
        public String encryptedPkcs8Pem(String password) {
            try {
                OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray()).build();
                return Pem.of(new JcaPKCS8Generator(keys.getPrivate(), encryptor).generate());
            } catch (OperatorCreationException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Certificate and key in a PKCS#12 file under this password, as Keychain Access or openssl export them. */
        public byte[] pkcs12(String password) {
            try {
                X509Certificate x509 = new JcaX509CertificateConverter()
                        .getCertificate(new X509CertificateHolder(certificate.der()));
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("mdm push", keys.getPrivate(), password.toCharArray(), new Certificate[]{x509});
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                store.store(out, password.toCharArray());
                return out.toByteArray();
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A push certificate with topic {@code com.apple.mgmt.External.<uuid>} for a new key pair of its own. */
    public static WithKey withOwnKey(UUID uuid, Instant notBefore, Instant notAfter) {
        KeyPair keys = newRsaKeyPair();
        return new WithKey(issue(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), appleSubject(uuid),
                topic(uuid), notBefore, notAfter), keys);
    }

    /** A certificate for the CSR's key whose subject has no UID at all (CN=APSP:<uuid> only). */
    static Issued withoutUid(String csrPem, UUID uuid, Instant notBefore, Instant notAfter) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "APSP:" + uuid)
                .addRDN(BCStyle.C, "US")
                .build();
        return issue(publicKeyOf(csrPem), subject, null, notBefore, notAfter);
    }

    /** A certificate for the CSR's key whose subject UID is this value (e.g. not an MDM topic). */
    static Issued withUid(String csrPem, String uid, Instant notBefore, Instant notAfter) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.UID, uid)
                .addRDN(BCStyle.CN, "APSP:" + UUID.randomUUID())
                .addRDN(BCStyle.C, "US")
                .build();
        return issue(publicKeyOf(csrPem), subject, null, notBefore, notAfter);
    }

    /** The test CA that signs these certificates, self-signed (PEM): what an APNs peer trusts in tests. */
    public static String caCertificatePem() {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(CA_KEYS.getPrivate());
            Instant now = Instant.now();
            X509CertificateHolder ca = new X509v3CertificateBuilder(CA_NAME, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    CA_NAME, SubjectPublicKeyInfo.getInstance(CA_KEYS.getPublic().getEncoded()))
                    .addExtension(Extension.basicConstraints, true,
                            new BasicConstraints(true))
                    .build(signer);
            return Pem.of(ca);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot make the test CA certificate", e);
        }
    }

    /** The public key (SubjectPublicKeyInfo) of a CSR in PEM. */
    static SubjectPublicKeyInfo publicKeyOf(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            Object read = parser.readObject();
            if (!(read instanceof PKCS10CertificationRequest csr)) {
                throw new IllegalArgumentException("Not a CSR in PEM: " + read);
            }
            return csr.getSubjectPublicKeyInfo();
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a CSR in PEM", e);
        }
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name appleSubject(UUID uuid) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.UID, topic(uuid))
                .addRDN(BCStyle.CN, "APSP:" + uuid)
                .addRDN(BCStyle.C, "US")
                .build();
    }

    private static Issued issue(SubjectPublicKeyInfo publicKey, X500Name subject, String topic, Instant notBefore,
                                Instant notAfter) {
        BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet()).shiftLeft(16)
                .add(BigInteger.valueOf(0xBEEF));
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(CA_KEYS.getPrivate());
            X509CertificateHolder certificate = new X509v3CertificateBuilder(CA_NAME, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, publicKey).build(signer);
            return new Issued(Pem.of(certificate), certificate.getEncoded(), topic, serial, notBefore, notAfter,
                    publicKey.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot issue a test certificate", e);
        }
    }
}
