package org.mdmenroll.bench;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mdmenroll.support.testing.apple.MockApns;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * APNs for the command side's MDM pushes during the run: Pushy's MockApnsServer on localhost,
 * accepting every push whose client certificate this run's "Apple" CA issued, and that CA issuing
 * the tenants' MDM push certificates for their CSRs. Without it every push after enrollment (the
 * command channel wakes the device) would wait for the real APNs until its timeout, holding a
 * deadline thread each.
 */
public final class MdmApns implements AutoCloseable {

    private final KeyPair ca;
    private final X509CertificateHolder caCertificate;
    private final MockApns apns;

    public MdmApns() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.ca = generator.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Bench Apple CA").build();
            Instant now = Instant.now();
            this.caCertificate = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(730))), name,
                    ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .build(signer());
            this.apns = MockApns.start(pem(caCertificate));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the MDM push server", e);
        }
    }

    /** What points the command side's MDM pushes here (set before it starts). */
    public Map<String, String> environment() {
        return Map.of("MDM_APNS_HOST", "localhost", "MDM_APNS_PORT", Integer.toString(apns.port()),
                "MDM_APNS_TRUSTED_SERVER_CERTIFICATE", apns.serverCertificatePem());
    }

    /** The DER MDM push certificate "Apple" issues for the tenant's CSR (PEM): topic {@code com.apple.mgmt.External.<uuid>}. */
    public byte[] issueFor(String csrPem) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        UUID topic = UUID.randomUUID();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.UID, "com.apple.mgmt.External." + topic).addRDN(BCStyle.CN, "APSP:" + topic).build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(caCertificate.getSubject(),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), subject, csr.getSubjectPublicKeyInfo());
        return builder.build(signer()).getEncoded();
    }

    /** The pushes APNs accepted so far. */
    public int received() {
        return apns.received().size();
    }

    private ContentSigner signer() throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate());
    }

    private static String pem(X509CertificateHolder certificate) throws Exception {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        return pem.toString();
    }

    @Override
    public void close() {
        apns.close();
    }
}
