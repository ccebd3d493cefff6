package org.mdmenroll.support.testing.apple;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Issues an MDM push certificate for the tenant's CSR "as Apple would" (subject UID
 * {@code com.apple.mgmt.External.<uuid>}), signed by a throwaway CA: a tenant needs one installed
 * before its devices can download enrollment profiles.
 */
public final class ApplePushCertificates {

    private ApplePushCertificates() {
    }

    /** The DER certificate for the CSR (PEM) the tenant's push-certificate endpoint handed out. */
    public static byte[] issueFor(String csrPem) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair ca = generator.generateKeyPair();
        UUID topic = UUID.randomUUID();
        X500Name issuer = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Test Apple CA").build();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.UID, "com.apple.mgmt.External." + topic).addRDN(BCStyle.CN, "APSP:" + topic).build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                csr.getSubjectPublicKeyInfo());
        return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())).getEncoded();
    }
}
