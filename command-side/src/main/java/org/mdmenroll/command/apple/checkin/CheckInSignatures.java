package org.mdmenroll.command.apple.checkin;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Selector;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;

/**
 * Which certificate a check-in comes from. With SignMessage on, the device sends a detached CMS
 * signature of the body, made with its identity key, in the {@code Mdm-Signature} header; the
 * signer's certificate travels inside it. Behind a TLS-terminating proxy that checked the device's
 * client certificate, the proxy may pass that certificate instead (URL-encoded PEM, as nginx's
 * {@code $ssl_client_escaped_cert}) in the header named by {@code mdm.checkin.client-certificate-header};
 * without that setting no such header is trusted. Whether the certificate belongs to the device
 * is decided by the caller.
 */
@Component
public class CheckInSignatures {

    private final String proxyHeader;

    public CheckInSignatures(@Value("${mdm.checkin.client-certificate-header:}") String proxyHeader) {
        this.proxyHeader = proxyHeader == null || proxyHeader.isBlank() ? null : proxyHeader.strip();
    }

    /** The header a trusted proxy passes the client certificate in, when configured. */
    public String proxyHeader() {
        return proxyHeader;
    }

    /**
     * The certificate whose key signed {@code body}, or the proxy's client certificate; refused with
     * 400 when the signature or certificate cannot be read and 401 when there is none or it does not
     * verify.
     */
    public X509Certificate signer(String mdmSignature, String proxyCertificate, byte[] body) {
        if (mdmSignature != null && !mdmSignature.isBlank()) {
            return verify(mdmSignature, body);
        }
        if (proxyHeader != null && proxyCertificate != null && !proxyCertificate.isBlank()) {
            return proxied(proxyCertificate);
        }
        throw Refusal.unauthorized("unsigned-check-in",
                "The check-in carries no Mdm-Signature from the device's identity certificate.");
    }

    private static X509Certificate verify(String mdmSignature, byte[] body) {
        CMSSignedData signed;
        try {
            byte[] der = Base64.getMimeDecoder().decode(mdmSignature.strip());
            signed = new CMSSignedData(new CMSProcessableByteArray(body), der);
        } catch (IllegalArgumentException | CMSException | ClassCastException e) {
            throw Refusal.invalid("malformed-signature", "The Mdm-Signature header is not a base64 CMS signature.");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw Refusal.unauthorized("invalid-signature", "The Mdm-Signature must have exactly one signer.");
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates()
                .getMatches((Selector<X509CertificateHolder>) (Selector<?>) signer.getSID());
        if (matches.isEmpty()) {
            throw Refusal.unauthorized("invalid-signature", "The Mdm-Signature does not carry its signer's certificate.");
        }
        X509CertificateHolder holder = matches.iterator().next();
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder))) {
                throw Refusal.unauthorized("invalid-signature", "The Mdm-Signature does not match the check-in body.");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CMSException | CertificateException | org.bouncycastle.operator.OperatorCreationException e) {
            throw Refusal.unauthorized("invalid-signature", "The Mdm-Signature does not match the check-in body.");
        }
    }

    private static X509Certificate proxied(String header) {
        try {
            byte[] pem = URLDecoder.decode(header, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw Refusal.invalid("malformed-client-certificate",
                    "The proxy's client certificate header is not a URL-encoded PEM certificate.");
        }
    }
}
