package org.mdmenroll.command.apple.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * Bouncy Castle work of the tenant PKI: the CA, the profile-signing certificate it issues, and
 * device identity certificates. All RSA 2048 with SHA-256: SCEP clients encrypt their requests to
 * the CA's key, which therefore must be an RSA key.
 */
final class PkiCertificates {

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SIGNING_VALIDITY = Duration.ofDays(730);
    static final Duration IDENTITY_VALIDITY = Duration.ofDays(365);
    /** Certificates start a little in the past: a device whose clock is slightly behind still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PkiCertificates() {
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tenant's self-signed CA. It signs certificates and SCEP replies and decrypts SCEP requests
     * (RFC 8894 without a separate RA certificate), hence digitalSignature and keyEncipherment too.
     */
    static X509Certificate newCa(String tenantName, KeyPair keys, Instant now) {
        X500Name subject = name(tenantName + " Device CA", tenantName);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                            | KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("Cannot make the tenant CA", e);
        }
    }

    /** The certificate that signs the tenant's enrollment profiles, issued by its CA. */
    static X509Certificate newProfileSigner(String tenantName, SubjectPublicKeyInfo publicKey, X509Certificate ca,
            PrivateKey caKey, Instant now) {
        return issue(ca, caKey, name(tenantName + " Profile Signing", tenantName), publicKey, now, SIGNING_VALIDITY,
                KeyUsage.digitalSignature, null);
    }

    /** A device identity certificate: TLS client authentication (and the check-in's message signature). */
    static X509Certificate newIdentity(X500Name subject, SubjectPublicKeyInfo publicKey, X509Certificate ca,
            PrivateKey caKey, Instant now) {
        return issue(ca, caKey, subject, publicKey, now, IDENTITY_VALIDITY,
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment, KeyPurposeId.id_kp_clientAuth);
    }

    /** SHA-256 of the DER encoding, lower-case hex. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, X500Name subject,
            SubjectPublicKeyInfo publicKey, Instant now, Duration validity, int keyUsage, KeyPurposeId purpose) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            return sign(builder, caKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue a certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("Cannot sign a certificate", e);
        }
    }

    /** 127 random bits, positive: unique without a counter shared between nodes. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static X500Name name(String commonName, String organisation) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, organisation)
                .build();
    }
}
