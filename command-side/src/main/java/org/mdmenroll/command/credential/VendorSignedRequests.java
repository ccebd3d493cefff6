package org.mdmenroll.command.credential;

import com.dd.plist.NSDictionary;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Apple's push certificate request, signed by the operator's MDM vendor certificate: what the Apple
 * Push Certificates Portal takes instead of a bare CSR. A property list of {@code PushCertRequestCSR}
 * (the CSR, base64 DER), {@code PushCertCertificateChain} (PEM: the vendor certificate, then Apple's
 * WWDR intermediate and root) and {@code PushCertSignature} (base64 SHA-256 with RSA over the CSR's
 * DER by the vendor key), the whole plist base64-encoded. Configured by {@code mdm.apple.vendor.*}
 * (each a file path or the PEM itself); without a vendor certificate this server cannot sign, and
 * says so. A configuration that is there but unreadable, or whose key is not the certificate's,
 * stops the service at start (without printing the key).
 */
@Component
public class VendorSignedRequests {

    private final Vendor vendor;

    /** The vendor certificate and key, and the chain after it (PEM). */
    private record Vendor(X509CertificateHolder certificate, PrivateKey key, String certificatePem, String chainPem) {

        @Override
        public String toString() {
            return "Vendor[" + certificate.getSubject() + ", key=(hidden)]";
        }
    }

    public VendorSignedRequests(@Value("${mdm.apple.vendor.certificate:}") String certificate,
            @Value("${mdm.apple.vendor.private-key:}") String privateKey,
            @Value("${mdm.apple.vendor.chain:}") String chain) {
        this.vendor = vendor(certificate, privateKey, chain);
    }

    /** 409 no-vendor-certificate, saying where else to get the CSR signed, unless a vendor certificate is configured. */
    public void requireConfigured() {
        if (vendor == null) {
            throw Refusal.conflict("no-vendor-certificate", "This server has no MDM vendor certificate "
                    + "(mdm.apple.vendor.certificate, mdm.apple.vendor.private-key, mdm.apple.vendor.chain), so it "
                    + "cannot sign the push certificate request itself. Download the CSR "
                    + "(GET /api/apple/push-certificate/csr) and have it signed by your MDM vendor, with the MDM CSR "
                    + "certificate of an Apple Developer Enterprise account, or by a service like mdmcert.download; "
                    + "then upload the signed request to https://identity.apple.com/pushcert.");
        }
    }

    /** The push certificate request for this CSR (PEM), base64 as the portal takes it; 409 without a vendor certificate. */
    public String sign(String csrPem) {
        requireConfigured();
        byte[] csrDer = csrDer(csrPem);
        NSDictionary request = new NSDictionary();
        request.put("PushCertRequestCSR", Base64.getEncoder().encodeToString(csrDer));
        request.put("PushCertCertificateChain", vendor.certificatePem() + vendor.chainPem());
        request.put("PushCertSignature", Base64.getEncoder().encodeToString(signature(csrDer)));
        return Base64.getEncoder().encodeToString(request.toXMLPropertyList().getBytes(StandardCharsets.UTF_8));
    }

    private byte[] signature(byte[] csrDer) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(vendor.key());
            signer.update(csrDer);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with the MDM vendor key", e);
        }
    }

    private static byte[] csrDer(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return ((PKCS10CertificationRequest) parser.readObject()).getEncoded();
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("The tenant's CSR is unreadable", e);
        }
    }

    private static Vendor vendor(String certificateSetting, String keySetting, String chainSetting) {
        boolean certificateGiven = !certificateSetting.isBlank();
        boolean keyGiven = !keySetting.isBlank();
        if (!certificateGiven && !keyGiven) {
            return null;
        }
        if (!certificateGiven || !keyGiven || chainSetting.isBlank()) {
            throw new IllegalStateException("The MDM vendor signing needs mdm.apple.vendor.certificate, "
                    + "mdm.apple.vendor.private-key and mdm.apple.vendor.chain (Apple's WWDR intermediate and root, PEM)");
        }
        List<X509CertificateHolder> certificates = certificates(pem(certificateSetting, "mdm.apple.vendor.certificate"));
        List<X509CertificateHolder> chain = certificates(pem(chainSetting, "mdm.apple.vendor.chain"));
        if (certificates.isEmpty() || chain.isEmpty()) {
            throw new IllegalStateException("mdm.apple.vendor.certificate and mdm.apple.vendor.chain must hold "
                    + "PEM certificates");
        }
        X509CertificateHolder certificate = certificates.get(0);
        String keyBase64;
        try {
            keyBase64 = PushCertificateFiles.readPrivateKey(pem(keySetting, "mdm.apple.vendor.private-key")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (Refusal e) {
            throw new IllegalStateException("mdm.apple.vendor.private-key is not an unencrypted RSA private key (PEM)");
        }
        try {
            if (!PushCertificateFiles.keyBelongsTo(keyBase64, certificate.getSubjectPublicKeyInfo().getEncoded())) {
                throw new IllegalStateException("mdm.apple.vendor.private-key is not the key of mdm.apple.vendor.certificate");
            }
        } catch (IOException e) {
            throw new IllegalStateException("mdm.apple.vendor.certificate is unreadable", e);
        }
        StringBuilder chainPem = new StringBuilder();
        chain.forEach(link -> chainPem.append(Pem.of(link)));
        return new Vendor(certificate, PushCertificateFiles.privateKey(keyBase64), Pem.of(certificate),
                chainPem.toString());
    }

    /** A setting that is PEM text itself, or the path of a file holding it. */
    private static String pem(String setting, String name) {
        if (setting.contains("-----BEGIN")) {
            return setting;
        }
        try {
            return Files.readString(Path.of(setting.strip()), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(name + " is neither PEM nor a readable file: " + setting.strip());
        }
    }

    private static List<X509CertificateHolder> certificates(String pem) {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object read = parser.readObject(); read != null; read = parser.readObject()) {
                Optional.of(read).filter(X509CertificateHolder.class::isInstance)
                        .map(X509CertificateHolder.class::cast).ifPresent(certificates::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable PEM certificates in the MDM vendor settings", e);
        }
        return certificates;
    }
}
