package org.mdmenroll.command.apple.ade;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Selector;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a MachineInfo comes from a real Apple device: Setup Assistant sends it as a CMS
 * SignedData with the plist attached, signed by the device's identity certificate, with the
 * certificates up to Apple's root inside. The signature must verify and the signer's certificate
 * must chain (PKIX, no revocation check) to one of the trusted roots: Apple's Root CA, shipped with
 * the service, unless {@code mdm.ade.trusted-roots} names PEM files of others (a test CA, a device
 * simulator's). Refused with 400 when the body is no such structure and 403 when it is not
 * Apple-signed.
 */
@Component
public class AppleDeviceSignatures {

    private static final Logger log = LoggerFactory.getLogger(AppleDeviceSignatures.class);
    static final String APPLE_ROOT = "apple/apple-root-ca.pem";

    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    public AppleDeviceSignatures(@Value("${mdm.ade.trusted-roots:}") String trustedRoots, Clock clock) {
        this.anchors = anchors(trustedRoots);
        this.clock = clock;
    }

    /** The signed content (the MachineInfo plist) once signature and chain are checked. */
    public AdeMachineInfo verify(byte[] body) {
        if (body == null || body.length == 0) {
            throw Refusal.invalid("malformed-machine-info", "The request carries no signed MachineInfo.");
        }
        CMSSignedData signed;
        byte[] content;
        try {
            signed = new CMSSignedData(body);
            if (signed.getSignedContent() == null || !(signed.getSignedContent().getContent() instanceof byte[] bytes)) {
                throw Refusal.invalid("malformed-machine-info", "The signed MachineInfo carries no content.");
            }
            content = bytes;
        } catch (CMSException | IllegalArgumentException | ClassCastException e) {
            throw Refusal.invalid("malformed-machine-info", "The body is not a CMS SignedData holding the MachineInfo.");
        }
        X509Certificate signer = signer(signed);
        requireTrusted(signer, signed);
        return AdeMachineInfo.parse(content);
    }

    private static X509Certificate signer(CMSSignedData signed) {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw untrusted("The MachineInfo must have exactly one signer.");
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates()
                .getMatches((Selector<X509CertificateHolder>) (Selector<?>) signer.getSID());
        if (matches.isEmpty()) {
            throw untrusted("The MachineInfo signature does not carry its signer's certificate.");
        }
        try {
            X509CertificateHolder holder = matches.iterator().next();
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder))) {
                throw untrusted("The MachineInfo signature does not match its content.");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CMSException | CertificateException | OperatorCreationException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw untrusted("The MachineInfo signature does not match its content.");
        }
    }

    private void requireTrusted(X509Certificate signer, CMSSignedData signed) {
        try {
            List<X509Certificate> carried = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
                carried.add(converter.getCertificate(holder));
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            log.info("ADE MachineInfo refused: its signer {} does not chain to a trusted root ({})",
                    signer.getSubjectX500Principal(), e.getMessage());
            throw untrusted("The MachineInfo is not signed by a trusted Apple device certificate.");
        }
    }

    private static Refusal untrusted(String detail) {
        return new Refusal(Refusal.Kind.FORBIDDEN, "untrusted-device-signature", detail);
    }

    private static Set<TrustAnchor> anchors(String configured) {
        Set<TrustAnchor> anchors = new HashSet<>();
        try {
            if (configured == null || configured.isBlank()) {
                try (InputStream in = new ClassPathResource(APPLE_ROOT).getInputStream()) {
                    certificates(in).forEach(c -> anchors.add(new TrustAnchor(c, null)));
                }
            } else {
                for (String file : Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                    try (InputStream in = Files.newInputStream(Path.of(file))) {
                        certificates(in).forEach(c -> anchors.add(new TrustAnchor(c, null)));
                    }
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("mdm.ade.trusted-roots: cannot read the trusted roots " + configured, e);
        }
        if (anchors.isEmpty()) {
            throw new IllegalStateException("mdm.ade.trusted-roots names no certificate: " + configured);
        }
        return Set.copyOf(anchors);
    }

    private static List<X509Certificate> certificates(InputStream in) throws CertificateException {
        return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                .map(X509Certificate.class::cast).toList();
    }
}
