package org.mdmenroll.command.apple.ade;

import com.dd.plist.NSDictionary;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Apple's device attestation chain: a test root ("Test Apple Root CA"), an
 * intermediate and, per device, an identity certificate that signs the device's MachineInfo as a
 * CMS SignedData with the plist attached and the chain inside, as Setup Assistant sends it. The
 * root is written to a PEM file the service is told to trust ({@code mdm.ade.trusted-roots}).
 */
public final class TestAppleDevices {

    private static final AtomicLong SERIALS = new AtomicLong(0xADE0000L);

    private final KeyPair rootKeys = keys();
    private final X509CertificateHolder root;
    private final KeyPair intermediateKeys = keys();
    private final X509CertificateHolder intermediate;

    public TestAppleDevices(String name) {
        root = certificate("CN=" + name + " Root CA, O=Not Apple Inc.", rootKeys.getPublic(),
                "CN=" + name + " Root CA, O=Not Apple Inc.", rootKeys.getPrivate(), true);
        intermediate = certificate("CN=" + name + " iPhone Device CA, O=Not Apple Inc.", intermediateKeys.getPublic(),
                "CN=" + name + " Root CA, O=Not Apple Inc.", rootKeys.getPrivate(), true);
    }

    /** The root as a PEM file, for {@code mdm.ade.trusted-roots}. */
    public String rootPemFile() {
        try {
            Path file = Files.createTempFile("test-apple-root", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(root.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The MachineInfo plist of a device; {@code osVersion} null as before iOS 17 (then only the build says it). */
    public static byte[] machineInfo(String serial, String udid, String product, String build, String osVersion,
            boolean canRequestSoftwareUpdate) {
        NSDictionary info = new NSDictionary();
        info.put("UDID", udid);
        info.put("SERIAL", serial);
        info.put("PRODUCT", product);
        info.put("VERSION", build);
        if (osVersion != null) {
            info.put("OS_VERSION", osVersion);
            info.put("LANGUAGE", "ja-JP");
            info.put("MDM_CAN_REQUEST_SOFTWARE_UPDATE", canRequestSoftwareUpdate);
        }
        return info.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }

    /** The plist signed by a new device certificate of this chain, the plist attached, the chain inside. */
    public byte[] signed(byte[] plist) {
        KeyPair device = keys();
        X509CertificateHolder certificate = certificate("CN=" + java.util.UUID.randomUUID() + ", O=Apple Inc.",
                device.getPublic(), intermediate.getSubject().toString(), intermediateKeys.getPrivate(), false);
        return sign(plist, device.getPrivate(), List.of(certificate, intermediate, root));
    }

    /** Signed by a key and certificate this chain never issued (a self-made "device"). */
    public static byte[] selfSigned(byte[] plist) {
        KeyPair device = keys();
        X509CertificateHolder certificate = certificate("CN=Not a device", device.getPublic(), "CN=Not a device",
                device.getPrivate(), false);
        return sign(plist, device.getPrivate(), List.of(certificate));
    }

    static byte[] sign(byte[] plist, PrivateKey key, List<X509CertificateHolder> chain) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(key), chain.get(0)));
            generator.addCertificates(new JcaCertStore(chain));
            return generator.generate(new CMSProcessableByteArray(plist), true).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509CertificateHolder certificate(String subject, PublicKey key, String issuer, PrivateKey issuerKey,
            boolean ca) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), new X500Name(subject), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
