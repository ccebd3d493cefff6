package org.mdmenroll.command.credential;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.openssl.PEMParser;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds what Apple sends: a {@code .p7m} encrypted to a certificate, and a {@code .vpptoken}. */
public final class AppleTokenSamples {

    private AppleTokenSamples() {
    }

    /** The MESSAGE block Apple Business Manager wraps a server token in. */
    public static String adeMessage(Instant expiry) {
        return "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "-----BEGIN MESSAGE-----\n"
                + "{\"consumer_key\":\"CK_48dd68d198350f51258e885ce9c5c37ab7f98543c4a697323d75682a6c10a32501cb2cd6ebc7ba7bd5f9ab4a1a8da6a\","
                + "\"consumer_secret\":\"CS_clear-consumer-secret\",\"access_token\":\"AT_clear-access-token\","
                + "\"access_secret\":\"AS_clear-access-secret\",\"access_token_expiry\":\"" + expiry + "\"}\n"
                + "-----END MESSAGE-----\n";
    }

    /** DER CMS EnvelopedData of the content to the certificate (PEM). */
    public static byte[] envelopedDer(String certificatePem, String content) {
        try (PEMParser parser = new PEMParser(new StringReader(certificatePem))) {
            X509CertificateHolder holder = (X509CertificateHolder) parser.readObject();
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(
                    new JcaX509CertificateConverter().getCertificate(holder)));
            CMSEnvelopedData data = generator.generate(
                    new CMSProcessableByteArray(content.getBytes(StandardCharsets.UTF_8)),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build());
            return data.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The S/MIME text of a {@code .p7m}: MIME headers, a blank line, the base64 CMS. */
    public static byte[] smime(byte[] der) {
        return ("MIME-Version: 1.0\r\n"
                + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(der) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] p7m(String certificatePem, Instant expiry) {
        return smime(envelopedDer(certificatePem, adeMessage(expiry)));
    }

    /** A {@code .vpptoken}: base64 of its JSON. */
    public static byte[] vppToken(String token, String expDate, String orgName) {
        String json = "{\"token\":\"" + token + "\",\"expDate\":\"" + expDate + "\",\"orgName\":\"" + orgName + "\"}";
        return Base64.getEncoder().encode(json.getBytes(StandardCharsets.UTF_8));
    }
}
