package org.mdmenroll.support.testing.apple;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Signs check-in bodies as an Apple device does with SignMessage on: a detached CMS SignedData of
 * the body, made with the identity key, carrying the identity certificate, base64 in
 * {@code Mdm-Signature}.
 */
public record CheckInSigner(PrivateKey key, X509Certificate certificate) {

    /** A signer with a self-signed certificate: one no tenant CA has issued. */
    public static CheckInSigner selfSigned(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(30))),
                            name, pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new CheckInSigner(pair.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Mdm-Signature} header value for {@code body}. */
    public String sign(byte[] body) {
        return sign(body, "SHA256withRSA");
    }

    /** The same with another signature algorithm, e.g. {@code SHA1withRSA}, as older devices and simulators sign. */
    public String sign(byte[] body, String algorithm) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(algorithm).build(key), certificate));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            return Base64.getEncoder().encodeToString(
                    generator.generate(new CMSProcessableByteArray(body), false).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
