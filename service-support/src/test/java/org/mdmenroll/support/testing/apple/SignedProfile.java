package org.mdmenroll.support.testing.apple;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A downloaded enrollment profile as a device reads it: the CMS signature checked against the
 * signer certificate it carries, then the plist inside.
 */
public record SignedProfile(byte[] der, CMSSignedData cms, X509CertificateHolder signer,
                            List<X509CertificateHolder> certificates, NSDictionary plist) {

    @SuppressWarnings("unchecked")
    public static SignedProfile read(byte[] der) {
        try {
            CMSSignedData cms = new CMSSignedData(der);
            SignerInformation signerInfo = cms.getSignerInfos().getSigners().iterator().next();
            List<X509CertificateHolder> certificates = List.copyOf(cms.getCertificates().getMatches(null));
            X509CertificateHolder signer = (X509CertificateHolder) cms.getCertificates()
                    .getMatches(signerInfo.getSID()).iterator().next();
            assertThat(signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer)))
                    .as("the profile's signature verifies").isTrue();
            byte[] content = (byte[]) cms.getSignedContent().getContent();
            return new SignedProfile(der, cms, signer, certificates,
                    (NSDictionary) PropertyListParser.parse(content));
        } catch (Exception e) {
            throw new AssertionError("not a signed profile", e);
        }
    }

    public NSDictionary payload(String type) {
        return Arrays.stream(((NSArray) plist.get("PayloadContent")).getArray())
                .map(NSDictionary.class::cast)
                .filter(payload -> type.equals(payload.get("PayloadType").toJavaObject()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " payload"));
    }

    public NSDictionary scep() {
        return (NSDictionary) payload("com.apple.security.scep").get("PayloadContent");
    }

    public NSDictionary mdm() {
        return payload("com.apple.mdm");
    }

    public String challenge() {
        return (String) scep().get("Challenge").toJavaObject();
    }

    public static Object value(NSDictionary dictionary, String key) {
        NSObject value = dictionary.get(key);
        return value == null ? null : value.toJavaObject();
    }
}
