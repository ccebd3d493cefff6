package org.mdmenroll.command.apple.pki;

import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mdmenroll.command.apple.pki.IdentityCertificates.Known;
import org.mdmenroll.command.apple.pki.ScepMessages.FailInfo;
import org.mdmenroll.command.apple.pki.ScepMessages.PkiMessage;
import org.mdmenroll.command.apple.pki.TenantPki.Signer;
import org.mdmenroll.command.device.DeviceCommands.IdentityCertificateOutcome;
import org.mdmenroll.command.device.DeviceCommands.IssueIdentityCertificate;
import org.mdmenroll.command.device.DeviceCommands.RenewIdentityCertificate;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * SCEP's PKIOperation for a tenant: opens the request with the tenant CA's key, finds the device
 * entry (by the CSR's one-time challenge, or for a renewal by the identity certificate that signed
 * it), lets the entry decide, and answers a CertRep. Every answer to a readable SCEP message is a
 * CertRep, a refusal too (what a device shows as "the SCEP server returned an invalid response").
 */
@Service
public class ScepService {

    private static final Logger LOG = LoggerFactory.getLogger(ScepService.class);

    private final TenantPki pki;
    private final ScepChallenges challenges;
    private final IdentityCertificates certificates;
    private final DeviceEnrollments enrollments;

    public ScepService(TenantPki pki, ScepChallenges challenges, IdentityCertificates certificates,
            DeviceEnrollments enrollments) {
        this.pki = pki;
        this.challenges = challenges;
        this.certificates = certificates;
        this.enrollments = enrollments;
    }

    /** The CertRep (DER) for a pkiMessage; a body that is no SCEP message at all is a 400. */
    public byte[] pkiOperation(TenantEntry tenant, byte[] body) {
        PkiMessage request = ScepMessages.read(body);
        Signer ca = pki.ca(tenant.tenantId());
        if (!request.signatureValid()) {
            return refused(tenant, request, ca, FailInfo.BAD_MESSAGE_CHECK, "signature does not verify");
        }
        if (request.messageType() != ScepMessages.PKCS_REQ && request.messageType() != ScepMessages.RENEWAL_REQ) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, "message type " + request.messageType());
        }
        byte[] csrDer;
        try {
            csrDer = ScepMessages.openEnvelope(request, ca.key());
        } catch (CMSException e) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, "envelope does not open with the CA key");
        }
        PKCS10CertificationRequest csr = ScepMessages.certificationRequest(csrDer);
        if (csr == null) {
            return refused(tenant, request, ca, FailInfo.BAD_MESSAGE_CHECK, "no PKCS#10 request with a valid signature");
        }
        if (csr.getSubject().getRDNs().length == 0) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, "empty subject");
        }
        return request.messageType() == ScepMessages.PKCS_REQ
                ? enroll(tenant, request, ca, csr, csrDer)
                : renew(tenant, request, ca, csrDer);
    }

    private byte[] enroll(TenantEntry tenant, PkiMessage request, Signer ca, PKCS10CertificationRequest csr,
            byte[] csrDer) {
        String challenge = ScepMessages.challengePassword(csr);
        if (challenge == null) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, "no challengePassword");
        }
        String challengeHash = ScepChallenges.hash(challenge);
        Optional<DeviceId> device = challenges.deviceOf(tenant.tenantId(), challengeHash);
        if (device.isEmpty()) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, "unknown challenge");
        }
        return decided(tenant, request, ca, device.get(),
                new IssueIdentityCertificate(device.get(), challengeHash, csrDer));
    }

    private byte[] renew(TenantEntry tenant, PkiMessage request, Signer ca, byte[] csrDer) {
        Optional<Known> signer = certificates.find(tenant.tenantId(), certificate(request));
        if (signer.isEmpty()) {
            return refused(tenant, request, ca, FailInfo.BAD_CERT_ID, "renewal not signed by an identity certificate");
        }
        DeviceId device = signer.get().deviceId();
        return decided(tenant, request, ca, device,
                new RenewIdentityCertificate(device, signer.get().fingerprint(), csrDer));
    }

    private byte[] decided(TenantEntry tenant, PkiMessage request, Signer ca, DeviceId device, Object command) {
        RequestActor.actingAs(ActorType.DEVICE, device.toString());
        IdentityCertificateOutcome outcome;
        try {
            outcome = enrollments.send(tenant.tenantId(), device, command);
        } catch (Refusal refusal) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, refusal.type());
        }
        if (!outcome.issued()) {
            return refused(tenant, request, ca, FailInfo.BAD_REQUEST, outcome.refusal().name());
        }
        return ScepMessages.success(request, ca, outcome.certificate(), ScepMessages.replyEncryption(request));
    }

    /** Never logs the challenge: only why the request was refused. */
    private static byte[] refused(TenantEntry tenant, PkiMessage request, Signer ca, FailInfo failInfo, String why) {
        LOG.info("SCEP request of tenant {} refused ({}): {}", tenant.slug(), failInfo, why);
        return ScepMessages.failure(request, ca, failInfo);
    }

    private static X509Certificate certificate(PkiMessage request) {
        try {
            return new JcaX509CertificateConverter().getCertificate(request.signer());
        } catch (CertificateException e) {
            return null;
        }
    }
}
