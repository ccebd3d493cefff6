package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.CredentialCommands.ExpireCredential;
import org.mdmenroll.command.credential.CredentialCommands.ImportPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.PushCertificateState;
import org.mdmenroll.command.credential.CredentialCommands.RecordCredentialExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.RequestPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.UploadPushCertificate;
import org.mdmenroll.command.credential.PushCertificateFiles.AppleCertificate;
import org.mdmenroll.command.credential.PushCertificateFiles.KeyAndRequest;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The tenant's MDM push certificate. Its topic binds every enrolled Apple device: a renewal must
 * keep it, or every device stops receiving MDM commands once the old certificate expires and must
 * re-enroll — so another topic is refused unless the admin confirms it, and then recorded. A
 * renewal's expiry is one year from the day it was done. A certificate imported with its private
 * key from another MDM keeps its topic (the devices enrolled there go on working) and expires at its
 * notAfter; over an installed certificate it follows the same topic rule as a renewal.
 */
@Aggregate
public class PushCertificate {

    @AggregateIdentifier
    private CredentialId credentialId;
    private TenantId tenantId;
    private String pendingCsr;
    private byte[] pendingPublicKey;
    private byte[] currentPublicKey;
    private String topic;
    @AggregateMember
    private final CredentialExpiry expiry = new CredentialExpiry(CredentialKind.MDM_PUSH_CERTIFICATE);

    protected PushCertificate() {
        // for Axon
    }

    /** The pending CSR, or a new key pair and CSR (after a certificate was uploaded: for its renewal). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(RequestPushCertificate command, SecretBox secrets) {
        if (pendingCsr != null) {
            return pendingCsr;
        }
        KeyAndRequest made = PushCertificateFiles.newKeyAndRequest(command.tenantName());
        apply(new MdmPushCertificateRequested(command.credentialId(), command.tenantId(), made.csrPem(),
                secrets.seal(SecretPurpose.PUSH_CERTIFICATE_KEY, made.privateKeyBase64())));
        return made.csrPem();
    }

    @CommandHandler
    public PushCertificateState handle(UploadPushCertificate command, Clock clock) {
        if (topic != null) {
            throw Refusal.conflict("push-certificate-exists",
                    "The tenant already has a push certificate; upload a new one as its renewal.");
        }
        AppleCertificate certificate = readOwn(command.certificate(), clock);
        apply(new MdmPushCertificateUploaded(credentialId, tenantId, certificate.topic(), certificate.serialNumber(),
                certificate.notAfter(), certificate.pem(), certificate.notAfter()));
        return new PushCertificateState(credentialId, certificate.topic(), certificate.notAfter(), false);
    }

    @CommandHandler
    public PushCertificateState handle(RenewPushCertificate command, Clock clock) {
        if (topic == null) {
            throw Refusal.conflict("no-push-certificate", "There is no push certificate to renew; upload one first.");
        }
        AppleCertificate certificate = readOwn(command.certificate(), clock);
        boolean topicChanges = requireTopicKeptOrConfirmed(certificate.topic(), command.confirmTopicChange());
        Instant renewedUntil = clock.instant().atZone(ZoneOffset.UTC).plusYears(1).toInstant();
        if (topicChanges) {
            apply(new MdmPushTopicChanged(credentialId, tenantId, topic, certificate.topic()));
        }
        apply(new MdmPushCertificateRenewed(credentialId, tenantId, certificate.topic(), certificate.serialNumber(),
                certificate.notAfter(), certificate.pem(), renewedUntil));
        return new PushCertificateState(credentialId, certificate.topic(), renewedUntil, topicChanges);
    }

    /**
     * A certificate and key from another MDM. Its own key, not one of ours, so no CSR is needed; its
     * expiry is its notAfter. Refused (nothing recorded) when the files are no certificate and key,
     * the password is wrong, the key is another certificate's, it expired, or it would change the
     * installed certificate's topic without confirmation.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PushCertificateState handle(ImportPushCertificate command, SecretBox secrets, Clock clock) {
        PushCertificateFiles.Imported imported = PushCertificateFiles.readImport(command.files());
        AppleCertificate certificate = imported.certificate();
        requireUnexpired(certificate, clock);
        boolean topicChanges = requireTopicKeptOrConfirmed(certificate.topic(), command.confirmTopicChange());
        if (topicChanges) {
            apply(new MdmPushTopicChanged(credentialId, tenantId, topic, certificate.topic()));
        }
        apply(new MdmPushCertificateImported(command.credentialId(), command.tenantId(), certificate.topic(),
                certificate.serialNumber(), certificate.notAfter(), certificate.pem(),
                secrets.seal(SecretPurpose.PUSH_CERTIFICATE_KEY, imported.privateKeyBase64()), certificate.notAfter()));
        return new PushCertificateState(command.credentialId(), certificate.topic(), certificate.notAfter(), topicChanges);
    }

    /** The expiry saga's warning and expiry: {@link CredentialExpiry} records each once, for the current date. */
    @CommandHandler
    public void handle(RecordCredentialExpiryWarning command) {
        expiry.warn(credentialId, tenantId, command.daysLeft(), command.expiresAt());
    }

    @CommandHandler
    public void handle(ExpireCredential command) {
        expiry.expire(credentialId, tenantId, command.expiresAt());
    }

    /** The certificate must be for our key (pending CSR, or the current one for a renewal) and still valid. */
    private AppleCertificate readOwn(byte[] upload, Clock clock) {
        AppleCertificate certificate = PushCertificateFiles.read(upload);
        boolean ours = Arrays.equals(certificate.publicKey(), pendingPublicKey)
                || Arrays.equals(certificate.publicKey(), currentPublicKey);
        if (!ours) {
            throw Refusal.invalid("certificate-key-mismatch",
                    "The certificate is not for this tenant's key: upload the one Apple issued for the CSR from "
                            + "GET /api/apple/push-certificate/csr.");
        }
        requireUnexpired(certificate, clock);
        return certificate;
    }

    private static void requireUnexpired(AppleCertificate certificate, Clock clock) {
        if (!clock.instant().isBefore(certificate.notAfter())) {
            throw Refusal.invalid("certificate-expired", "The certificate expired on " + certificate.notAfter() + ".");
        }
    }

    /**
     * The one home of the topic rule: a certificate replacing the installed one keeps its topic, or
     * the admin confirms the change (every device re-enrolls). Whether the topic changes.
     */
    private boolean requireTopicKeptOrConfirmed(String newTopic, boolean confirmed) {
        boolean topicChanges = topic != null && !newTopic.equals(topic);
        if (topicChanges && !confirmed) {
            throw new Refusal(Refusal.Kind.CONFLICT, "push-topic-mismatch",
                    "The new certificate has topic " + newTopic + " but the current one has " + topic
                            + ". Every enrolled device is bound to the current topic: with another one they stop "
                            + "receiving MDM commands once the current certificate expires, and each must re-enroll. "
                            + "Renew the existing certificate in Apple's portal (same Apple ID), or confirm the topic "
                            + "change (confirmTopicChange=true) if re-enrolling every device is intended.",
                    Map.of("currentTopic", topic, "uploadedTopic", newTopic));
        }
        return topicChanges;
    }

    @EventSourcingHandler
    void on(MdmPushCertificateRequested event) {
        credentialId = event.credentialId();
        tenantId = event.tenantId();
        pendingCsr = event.csrPem();
        pendingPublicKey = PushCertificateFiles.publicKeyOfRequest(event.csrPem());
    }

    @EventSourcingHandler
    void on(MdmPushCertificateUploaded event) {
        installed(event.topic(), event.expiresAt(), event.certificatePem());
    }

    @EventSourcingHandler
    void on(MdmPushCertificateRenewed event) {
        installed(event.topic(), event.expiresAt(), event.certificatePem());
    }

    @EventSourcingHandler
    void on(MdmPushCertificateImported event) {
        credentialId = event.credentialId();
        tenantId = event.tenantId();
        installed(event.topic(), event.expiresAt(), event.certificatePem());
    }

    /** The certificate's key becomes the current one; a pending CSR it answered is used up. */
    private void installed(String newTopic, Instant newExpiry, String certificatePem) {
        topic = newTopic;
        expiry.renewedUntil(newExpiry);
        currentPublicKey = PushCertificateFiles.read(certificatePem.getBytes(StandardCharsets.US_ASCII)).publicKey();
        if (Arrays.equals(currentPublicKey, pendingPublicKey)) {
            pendingCsr = null;
            pendingPublicKey = null;
        }
    }
}
