package org.mdmenroll.command.apple.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mdmenroll.command.apple.pki.TenantPki.Signer;
import org.mdmenroll.support.problem.Refusal;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Set;

/**
 * SCEP's message formats (RFC 8894 §3) with Bouncy Castle: reading a pkiMessage (CMS SignedData
 * with the SCEP attributes around CMS EnvelopedData to the CA), and writing a CertRep, SUCCESS with
 * the issued certificate in a degenerate SignedData enveloped to the requester, or FAILURE.
 */
final class ScepMessages {

    private static final ASN1ObjectIdentifier SCEP = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9");
    static final ASN1ObjectIdentifier MESSAGE_TYPE = SCEP.branch("2");
    static final ASN1ObjectIdentifier PKI_STATUS = SCEP.branch("3");
    static final ASN1ObjectIdentifier FAIL_INFO = SCEP.branch("4");
    static final ASN1ObjectIdentifier SENDER_NONCE = SCEP.branch("5");
    static final ASN1ObjectIdentifier RECIPIENT_NONCE = SCEP.branch("6");
    static final ASN1ObjectIdentifier TRANSACTION_ID = SCEP.branch("7");

    static final int CERT_REP = 3;
    static final int RENEWAL_REQ = 17;
    static final int PKCS_REQ = 19;

    /** The content encryptions a reply may echo; anything else (single DES ...) is answered with AES-128. */
    private static final Set<ASN1ObjectIdentifier> REPLY_ENCRYPTIONS = Set.of(CMSAlgorithm.AES128_CBC,
            CMSAlgorithm.AES256_CBC, CMSAlgorithm.DES_EDE3_CBC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScepMessages() {
    }

    /** RFC 8894's failInfo values. */
    enum FailInfo {
        BAD_ALG, BAD_MESSAGE_CHECK, BAD_REQUEST, BAD_TIME, BAD_CERT_ID
    }

    /** What a pkiMessage says outside its envelope. {@code signatureValid}: signed by the certificate it carries. */
    record PkiMessage(int messageType, ASN1Encodable transactionId, byte[] senderNonce, X509CertificateHolder signer,
                      boolean signatureValid, byte[] envelopedData) {
    }

    /** Reads a pkiMessage; one that is not a SCEP message at all is a 400 (nothing to answer a CertRep to). */
    static PkiMessage read(byte[] der) {
        try {
            CMSSignedData signed = new CMSSignedData(der);
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw malformed("A SCEP message has exactly one signer.");
            }
            SignerInformation signerInfo = signers.iterator().next();
            AttributeTable attributes = signerInfo.getSignedAttributes();
            ASN1Encodable messageType = attribute(attributes, MESSAGE_TYPE);
            ASN1Encodable transactionId = attribute(attributes, TRANSACTION_ID);
            ASN1Encodable senderNonce = attribute(attributes, SENDER_NONCE);
            if (!(messageType instanceof ASN1String type) || transactionId == null
                    || !(senderNonce instanceof ASN1OctetString nonce)) {
                throw malformed("The message lacks SCEP's messageType, transactionID or senderNonce.");
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certificates = signed.getCertificates().getMatches(signerInfo.getSID());
            if (certificates.isEmpty()) {
                throw malformed("The message does not carry its signer's certificate.");
            }
            X509CertificateHolder signer = certificates.iterator().next();
            CMSTypedData content = signed.getSignedContent();
            return new PkiMessage(Integer.parseInt(type.getString().strip()), transactionId, nonce.getOctets(), signer,
                    verifies(signerInfo, signer), content == null ? null : (byte[]) content.getContent());
        } catch (CMSException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw malformed("The body is not a SCEP message (PKCS#7 / CMS SignedData).");
        }
    }

    /** The PKCS#10 request (DER) inside the message's envelope, opened with the CA's key. */
    static byte[] openEnvelope(PkiMessage message, PrivateKey caKey) throws CMSException {
        if (message.envelopedData() == null) {
            throw new CMSException("no enveloped content");
        }
        CMSEnvelopedData enveloped = new CMSEnvelopedData(message.envelopedData());
        for (RecipientInformation recipient : enveloped.getRecipientInfos().getRecipients()) {
            try {
                return recipient.getContent(new JceKeyTransEnvelopedRecipient(caKey));
            } catch (CMSException | RuntimeException e) {
                // encrypted to another certificate of the chain: try the next recipient
            }
        }
        throw new CMSException("not encrypted to this CA");
    }

    /** The encryption of the message's envelope, to answer in kind where that is strong enough. */
    static ASN1ObjectIdentifier replyEncryption(PkiMessage message) {
        try {
            ASN1ObjectIdentifier used = new CMSEnvelopedData(message.envelopedData()).getContentEncryptionAlgorithm()
                    .getAlgorithm();
            return REPLY_ENCRYPTIONS.contains(used) ? used : CMSAlgorithm.AES128_CBC;
        } catch (CMSException | RuntimeException e) {
            return CMSAlgorithm.AES128_CBC;
        }
    }

    /** A request whose own signature holds. */
    static PKCS10CertificationRequest certificationRequest(byte[] der) {
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der);
            boolean valid = request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .build(request.getSubjectPublicKeyInfo()));
            return valid ? request : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The request's challengePassword, or null. */
    static String challengePassword(PKCS10CertificationRequest request) {
        for (org.bouncycastle.asn1.pkcs.Attribute attribute
                : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)) {
            ASN1Encodable value = attribute.getAttrValues().size() == 0 ? null : attribute.getAttrValues().getObjectAt(0);
            if (value instanceof ASN1String text) {
                return text.getString();
            }
        }
        return null;
    }

    /**
     * CertRep SUCCESS: the issued certificate in a degenerate SignedData, enveloped to the requester.
     * Only that one: clients such as scepclient take the first certificate of the set, and DER sorts sets.
     */
    static byte[] success(PkiMessage request, Signer ca, byte[] issuedCertificate, ASN1ObjectIdentifier encryption) {
        try {
            CMSSignedDataGenerator certificatesOnly = new CMSSignedDataGenerator();
            certificatesOnly.addCertificate(new X509CertificateHolder(issuedCertificate));
            byte[] degenerate = certificatesOnly.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
            X509Certificate requester = new JcaX509CertificateConverter().getCertificate(request.signer());
            CMSEnvelopedDataGenerator envelope = new CMSEnvelopedDataGenerator();
            envelope.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(requester));
            byte[] enveloped = envelope.generate(new CMSProcessableByteArray(degenerate),
                    new JceCMSContentEncryptorBuilder(encryption).build()).getEncoded();
            return certRep(request, ca, "0", null, new CMSProcessableByteArray(enveloped));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write the SCEP reply", e);
        }
    }

    /** CertRep FAILURE: no envelope, the reason in failInfo. */
    static byte[] failure(PkiMessage request, Signer ca, FailInfo failInfo) {
        try {
            return certRep(request, ca, "2", failInfo, new CMSAbsentContent());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write the SCEP reply", e);
        }
    }

    private static byte[] certRep(PkiMessage request, Signer ca, String pkiStatus, FailInfo failInfo,
            CMSTypedData content) throws Exception {
        byte[] senderNonce = new byte[16];
        RANDOM.nextBytes(senderNonce);
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(MESSAGE_TYPE, new DERSet(new DERPrintableString(String.valueOf(CERT_REP)))));
        attributes.add(new Attribute(PKI_STATUS, new DERSet(new DERPrintableString(pkiStatus))));
        if (failInfo != null) {
            attributes.add(new Attribute(FAIL_INFO, new DERSet(new DERPrintableString(
                    String.valueOf(failInfo.ordinal())))));
        }
        attributes.add(new Attribute(TRANSACTION_ID, new DERSet(request.transactionId())));
        attributes.add(new Attribute(RECIPIENT_NONCE, new DERSet(new DEROctetString(request.senderNonce()))));
        attributes.add(new Attribute(SENDER_NONCE, new DERSet(new DEROctetString(senderNonce))));

        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.key()), ca.certificate()));
        generator.addCertificate(new X509CertificateHolder(ca.certificate().getEncoded()));
        boolean encapsulate = !(content instanceof CMSAbsentContent);
        return generator.generate(content, encapsulate).getEncoded(ASN1Encoding.DER);
    }

    private static ASN1Encodable attribute(AttributeTable attributes, ASN1ObjectIdentifier type) {
        if (attributes == null) {
            return null;
        }
        Attribute attribute = attributes.get(type);
        return attribute == null || attribute.getAttrValues().size() == 0 ? null
                : attribute.getAttrValues().getObjectAt(0);
    }

    private static boolean verifies(SignerInformation signerInfo, X509CertificateHolder signer) {
        try {
            return signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
        } catch (Exception e) {
            return false;
        }
    }

    private static Refusal malformed(String detail) {
        return Refusal.invalid("malformed-pki-message", detail);
    }
}
