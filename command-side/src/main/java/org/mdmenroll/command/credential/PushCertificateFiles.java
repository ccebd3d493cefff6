package org.mdmenroll.command.credential;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.problem.Refusal;

import javax.crypto.BadPaddingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.regex.Pattern;

/**
 * Bouncy Castle work for the MDM push certificate: the key pair and CSR to send to Apple, and
 * reading the certificate Apple returns (PEM or DER): its topic from the subject UID, its expiry,
 * and whether it belongs to our key; and reading a certificate with its private key brought from
 * another MDM (PEM files, or PKCS#12 with its password).
 */
public final class PushCertificateFiles {

    /** Apple's MDM push topics: the subject UID of the certificate. */
    static final Pattern MDM_TOPIC = Pattern.compile("com\\.apple\\.mgmt\\.External\\.[0-9A-Fa-f-]{36}");
    private static final ASN1ObjectIdentifier UID = BCStyle.UID;
    /** For OpenSSL's encrypted key formats (ciphers the JDK names otherwise); not registered globally. */
    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    private PushCertificateFiles() {
    }

    /** What Apple's certificate says. */
    public record AppleCertificate(String topic, String serialNumber, Instant notAfter, byte[] publicKey, String pem) {
    }

    record KeyAndRequest(String csrPem, String privateKeyBase64) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** A certificate and private key brought from elsewhere: PEM or DER files, or one PKCS#12 file and its password. */
    public record ImportFiles(byte[] certificate, byte[] privateKey, byte[] pkcs12, String password) {

        /** Prints without the key and the password. */
        @Override
        public String toString() {
            return "ImportFiles[certificate=" + (certificate == null ? "none" : certificate.length + " bytes")
                    + ", privateKey=" + (privateKey == null ? "none" : "(hidden)")
                    + ", pkcs12=" + (pkcs12 == null ? "none" : "(hidden)") + ", password=(hidden)]";
        }
    }

    /** An imported certificate and its private key (PKCS#8, base64), which belong together. */
    record Imported(AppleCertificate certificate, String privateKeyBase64) {

        /** Prints without the key. */
        @Override
        public String toString() {
            return "Imported[" + certificate.topic() + ", privateKey=(hidden)]";
        }
    }

    static KeyAndRequest newKeyAndRequest(String tenantName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, tenantName + " MDM push")
                    .addRDN(BCStyle.O, tenantName).build();
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(signer);
            return new KeyAndRequest(Pem.of(csr), Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a key pair and CSR", e);
        }
    }

    /** The public key (SubjectPublicKeyInfo, DER) of a CSR we made. */
    public static byte[] publicKeyOfRequest(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return ((PKCS10CertificationRequest) parser.readObject()).getSubjectPublicKeyInfo().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an uploaded certificate; anything that is not an MDM push certificate is a 400. */
    public static AppleCertificate read(byte[] upload) {
        X509CertificateHolder certificate = parse(upload);
        RDN[] uids = certificate.getSubject().getRDNs(UID);
        String topic = uids.length == 0 ? null : IETFUtils.valueToString(uids[0].getFirst().getValue());
        if (topic == null || !MDM_TOPIC.matcher(topic).matches()) {
            throw Refusal.invalid("not-an-mdm-push-certificate",
                    "The certificate's subject UID is not an MDM push topic (com.apple.mgmt.External.<uuid>).");
        }
        try {
            return new AppleCertificate(topic, certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant(), certificate.getSubjectPublicKeyInfo().getEncoded(),
                    Pem.of(certificate));
        } catch (IOException e) {
            throw invalidCertificate();
        }
    }

    /**
     * Reads an imported push certificate and its private key; either form is refused with a stable
     * problem type when it is no certificate or key, a wrong password, or a key of another certificate.
     */
    static Imported readImport(ImportFiles files) {
        boolean pemFiles = files.certificate() != null || files.privateKey() != null;
        if (pemFiles == (files.pkcs12() != null)) {
            throw Refusal.invalid("invalid-import",
                    "Send either the parts 'certificate' and 'privateKey' (PEM or DER), or 'pkcs12' with 'password'.");
        }
        Imported imported;
        if (files.pkcs12() != null) {
            imported = readPkcs12(files.pkcs12(), files.password());
        } else {
            if (files.certificate() == null || files.privateKey() == null) {
                throw Refusal.invalid("invalid-import", "Send both the 'certificate' and its 'privateKey'.");
            }
            imported = new Imported(read(files.certificate()), privateKeyBase64(files.privateKey(), files.password()));
        }
        if (!keyBelongsTo(imported.privateKeyBase64(), imported.certificate().publicKey())) {
            throw Refusal.invalid("certificate-key-mismatch",
                    "The private key is not the key of this certificate: import the key the certificate was issued for.");
        }
        return imported;
    }

    private static Imported readPkcs12(byte[] pkcs12, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(new ByteArrayInputStream(pkcs12), secret);
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException || e.getCause() instanceof BadPaddingException) {
                    throw Refusal.invalid("wrong-password", "The PKCS#12 password is not correct.");
                }
                throw Refusal.invalid("invalid-pkcs12", "The 'pkcs12' part is not a PKCS#12 (.p12) file.");
            } catch (GeneralSecurityException | RuntimeException e) {
                throw Refusal.invalid("invalid-pkcs12", "The 'pkcs12' part is not a PKCS#12 (.p12) file.");
            }
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, secret) instanceof PrivateKey key
                        && store.getCertificate(alias) != null) {
                    return new Imported(read(store.getCertificate(alias).getEncoded()), rsaKeyBase64(key));
                }
            }
            throw Refusal.invalid("pkcs12-without-key", "The PKCS#12 file holds no private key with its certificate.");
        } catch (UnrecoverableKeyException e) {
            throw Refusal.invalid("wrong-password", "The PKCS#12 password does not open its private key.");
        } catch (GeneralSecurityException e) {
            throw Refusal.invalid("invalid-pkcs12", "The PKCS#12 file's key or certificate cannot be read.");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** An unencrypted RSA private key (PEM or PKCS#8 DER) as PKCS#8 base64; 400 invalid-private-key otherwise. */
    static String readPrivateKey(byte[] upload) {
        return privateKeyBase64(upload, null);
    }

    /** A private key in PEM (PKCS#8, PKCS#1 RSA, or encrypted PKCS#8 with the password) or PKCS#8 DER, as PKCS#8 base64. */
    private static String privateKeyBase64(byte[] upload, String password) {
        String text = new String(upload, StandardCharsets.US_ASCII);
        try {
            PrivateKeyInfo info;
            if (text.contains("-----BEGIN")) {
                try (PEMParser parser = new PEMParser(new StringReader(text))) {
                    Object read = parser.readObject();
                    while (read != null && !(read instanceof PrivateKeyInfo || read instanceof PEMKeyPair
                            || read instanceof PKCS8EncryptedPrivateKeyInfo || read instanceof PEMEncryptedKeyPair)) {
                        read = parser.readObject();
                    }
                    info = privateKeyInfo(read, password);
                }
            } else {
                info = PrivateKeyInfo.getInstance(upload);
            }
            return rsaKeyBase64(new JcaPEMKeyConverter().getPrivateKey(info));
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw invalidPrivateKey();
        }
    }

    private static PrivateKeyInfo privateKeyInfo(Object read, String password) throws IOException {
        if (read instanceof PrivateKeyInfo info) {
            return info;
        }
        if (read instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (read instanceof PKCS8EncryptedPrivateKeyInfo || read instanceof PEMEncryptedKeyPair) {
            if (password == null || password.isEmpty()) {
                throw Refusal.invalid("wrong-password", "The private key is encrypted: send its 'password' too.");
            }
            try {
                if (read instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(BOUNCY_CASTLE).build(password.toCharArray()));
                }
                return ((PEMEncryptedKeyPair) read).decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                        .setProvider(BOUNCY_CASTLE).build(password.toCharArray())).getPrivateKeyInfo();
            } catch (OperatorCreationException | PKCSException | IOException | RuntimeException e) {
                throw Refusal.invalid("wrong-password", "The private key's password is not correct.");
            }
        }
        throw invalidPrivateKey();
    }

    private static String rsaKeyBase64(PrivateKey key) {
        if (!"RSA".equals(key.getAlgorithm())) {
            throw Refusal.invalid("invalid-private-key", "An MDM push certificate's key is RSA; this one is "
                    + key.getAlgorithm() + ".");
        }
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Whether the RSA private key is the one of this public key (SubjectPublicKeyInfo, DER): same modulus and exponent. */
    static boolean keyBelongsTo(String privateKeyBase64, byte[] publicKeyInfo) {
        try {
            PrivateKey key = privateKey(privateKeyBase64);
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(publicKeyInfo));
            if (!(key instanceof RSAPrivateKey rsa) || !rsa.getModulus().equals(publicKey.getModulus())) {
                return false;
            }
            return !(key instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(publicKey.getPublicExponent());
        } catch (GeneralSecurityException | ClassCastException | IllegalStateException e) {
            return false;
        }
    }

    private static Refusal invalidPrivateKey() {
        return Refusal.invalid("invalid-private-key",
                "The 'privateKey' part is not an RSA private key (PEM: PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY; or PKCS#8 DER).");
    }

    private static X509CertificateHolder parse(byte[] upload) {
        try {
            String text = new String(upload, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                try (PEMParser parser = new PEMParser(new StringReader(text))) {
                    if (parser.readObject() instanceof X509CertificateHolder holder) {
                        return holder;
                    }
                    throw invalidCertificate();
                }
            }
            return new X509CertificateHolder(upload);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw invalidCertificate();
        }
    }

    private static Refusal invalidCertificate() {
        return Refusal.invalid("invalid-certificate", "The upload is not an X.509 certificate (PEM or DER).");
    }
}
