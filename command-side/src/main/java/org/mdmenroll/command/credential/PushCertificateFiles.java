package org.mdmenroll.command.credential;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.mdmenroll.support.problem.Refusal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Bouncy Castle work for the MDM push certificate: the key pair and CSR to send to Apple, and
 * reading the certificate Apple returns (PEM or DER): its topic from the subject UID, its expiry,
 * and whether it belongs to our key.
 */
public final class PushCertificateFiles {

    /** Apple's MDM push topics: the subject UID of the certificate. */
    static final Pattern MDM_TOPIC = Pattern.compile("com\\.apple\\.mgmt\\.External\\.[0-9A-Fa-f-]{36}");
    private static final ASN1ObjectIdentifier UID = BCStyle.UID;

    private PushCertificateFiles() {
    }

    /** What Apple's certificate says. */
    public record AppleCertificate(String topic, String serialNumber, Instant notAfter, byte[] publicKey, String pem) {
    }

    record KeyAndRequest(String csrPem, String privateKeyBase64) {
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
