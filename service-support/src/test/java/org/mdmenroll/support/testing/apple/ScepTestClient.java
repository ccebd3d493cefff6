package org.mdmenroll.support.testing.apple;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * A SCEP client as an Apple device is one, built with Bouncy Castle (RFC 8894): a new RSA key, a
 * CSR with the profile's challenge, enveloped to the CA and signed with a self-signed certificate
 * (or, for a renewal, with the current identity certificate); and reading the CertRep.
 */
public final class ScepTestClient {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 8894's signed attributes (VeriSign's arc), spelt out here so the client stays independent of the server. */
    private static final ASN1ObjectIdentifier SCEP = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9");
    private static final ASN1ObjectIdentifier MESSAGE_TYPE = SCEP.branch("2");
    private static final ASN1ObjectIdentifier PKI_STATUS = SCEP.branch("3");
    private static final ASN1ObjectIdentifier FAIL_INFO = SCEP.branch("4");
    private static final ASN1ObjectIdentifier SENDER_NONCE = SCEP.branch("5");
    private static final ASN1ObjectIdentifier RECIPIENT_NONCE = SCEP.branch("6");
    private static final ASN1ObjectIdentifier TRANSACTION_ID = SCEP.branch("7");

    private final X509Certificate ca;
    public final KeyPair keys;

    public ScepTestClient(X509Certificate ca) {
        this(ca, newKeys());
    }

    /** A client with a key made beforehand (a benchmark keeps key generation out of its timing). */
    public ScepTestClient(X509Certificate ca, KeyPair keys) {
        this.ca = ca;
        this.keys = keys;
    }

    /** A device's RSA 2048 key pair. */
    public static KeyPair newKeys() {
        return AppPushTestKeys.rsaKeyPair();
    }

    /** What was sent, to compare the reply with. */
    public record Request(byte[] der, String transactionId, byte[] senderNonce) {
    }

    /** A CertRep as the client reads it; {@code certificate} on SUCCESS. */
    public record Reply(String messageType, String pkiStatus, String failInfo, String transactionId, byte[] recipientNonce,
                 X509Certificate certificate) {
        public boolean success() {
            return "0".equals(pkiStatus);
        }
    }

    /** A PKCSReq for {@code subject} with the challenge (null: none), signed with a self-signed certificate. */
    public Request pkcsReq(String subject, String challenge) {
        return request(19, csr(subject, challenge), selfSigned(subject), keys.getPrivate());
    }

    /** A RenewalReq signed with the current identity certificate and its key. */
    public Request renewalReq(String subject, X509Certificate current, PrivateKey currentKey) {
        return request(17, csr(subject, null), current, currentKey);
    }

    /** A PKCSReq whose signature is made with another key than its certificate's. */
    public Request forgedPkcsReq(String subject, String challenge) {
        return request(19, csr(subject, challenge), selfSigned(subject), newKeys().getPrivate());
    }

    public byte[] csr(String subject, String challenge) {
        try {
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name(subject), keys.getPublic());
            if (challenge != null) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
                        new DERPrintableString(challenge));
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate selfSigned(String subject) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name(subject);
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(RANDOM.nextInt(Integer.MAX_VALUE)), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Request request(int messageType, byte[] csr, X509Certificate signer, PrivateKey signerKey) {
        try {
            CMSEnvelopedDataGenerator envelope = new CMSEnvelopedDataGenerator();
            envelope.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(ca));
            byte[] enveloped = envelope.generate(new CMSProcessableByteArray(csr),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).build()).getEncoded();
            String transactionId = HexFormat.of().formatHex(keys.getPublic().getEncoded()).substring(0, 40);
            byte[] senderNonce = new byte[16];
            RANDOM.nextBytes(senderNonce);
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(MESSAGE_TYPE,
                    new DERSet(new DERPrintableString(String.valueOf(messageType)))));
            attributes.add(new Attribute(TRANSACTION_ID, new DERSet(new DERPrintableString(transactionId))));
            attributes.add(new Attribute(SENDER_NONCE, new DERSet(new DEROctetString(senderNonce))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(signerKey), signer));
            generator.addCertificate(new X509CertificateHolder(signer.getEncoded()));
            byte[] der = generator.generate(new CMSProcessableByteArray(enveloped), true).getEncoded();
            return new Request(der, transactionId, senderNonce);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a CertRep: signed by the CA, and on SUCCESS the certificate decrypted with this client's key. */
    public Reply read(byte[] certRep) {
        return read(certRep, keys.getPrivate());
    }

    /**
     * Reads a CertRep whose envelope is for the request's signer: a renewal's reply is decrypted with the
     * key of the certificate that signed the renewal.
     */
    public Reply read(byte[] certRep, PrivateKey signerKey) {
        try {
            CMSSignedData signed = new CMSSignedData(certRep);
            SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(ca))) {
                throw new AssertionError("the CertRep is not signed by the CA");
            }
            AttributeTable attributes = signer.getSignedAttributes();
            String status = text(attributes, PKI_STATUS);
            X509Certificate certificate = null;
            if ("0".equals(status)) {
                byte[] enveloped = (byte[]) signed.getSignedContent().getContent();
                byte[] degenerate = new CMSEnvelopedData(enveloped).getRecipientInfos().getRecipients().iterator()
                        .next().getContent(new JceKeyTransEnvelopedRecipient(signerKey));
                for (Object holder : new CMSSignedData(degenerate).getCertificates().getMatches(null)) {
                    X509Certificate candidate = new JcaX509CertificateConverter()
                            .getCertificate((X509CertificateHolder) holder);
                    if (candidate.getPublicKey().equals(keys.getPublic())) {
                        certificate = candidate;
                    }
                }
            }
            ASN1Encodable nonce = value(attributes, RECIPIENT_NONCE);
            return new Reply(text(attributes, MESSAGE_TYPE), status,
                    text(attributes, FAIL_INFO), text(attributes, TRANSACTION_ID),
                    nonce == null ? null : ((ASN1OctetString) nonce).getOctets(), certificate);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("not a CertRep", e);
        }
    }

    private static ASN1Encodable value(AttributeTable attributes, ASN1ObjectIdentifier type) {
        Attribute attribute = attributes.get(type);
        return attribute == null ? null : attribute.getAttrValues().getObjectAt(0);
    }

    private static String text(AttributeTable attributes, ASN1ObjectIdentifier type) {
        ASN1Encodable value = value(attributes, type);
        return value == null ? null : ((ASN1String) value).getString();
    }
}
