package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.AppleTokenFiles.KeyAndCertificate;
import org.mdmenroll.command.credential.CredentialCommands.DecryptAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RequestAdePublicKey;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.credential.AdeKeyPairCreated;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The tenant's key pair for Enrollment Program tokens: Apple Business Manager encrypts every
 * server token to its certificate. Made on first need; the private key is kept only sealed and is
 * opened just to decrypt an uploaded token.
 */
@Aggregate
public class AdeKeyPair {

    @AggregateIdentifier
    private CredentialId credentialId;
    private String certificatePem;
    private String sealedPrivateKey;

    protected AdeKeyPair() {
        // for Axon
    }

    /** The certificate (PEM) to upload to Apple Business Manager; the key pair is made the first time. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(RequestAdePublicKey command, SecretBox secrets, Clock clock) {
        if (certificatePem == null) {
            KeyAndCertificate made = AppleTokenFiles.newKeyAndCertificate(command.tenantName(), clock.instant());
            apply(new AdeKeyPairCreated(command.credentialId(), command.tenantId(), made.certificatePem(),
                    secrets.seal(SecretPurpose.ADE_KEY_PAIR_KEY, made.privateKeyBase64())));
        }
        return certificatePem;
    }

    /** Decrypts an uploaded {@code .p7m}; a malformed one, or one for another key, is refused. */
    @CommandHandler
    public AdeServerToken handle(DecryptAdeToken command, SecretBox secrets) {
        return AppleTokenFiles.decryptAdeToken(command.token(),
                PushCertificateFiles.privateKey(secrets.open(SecretPurpose.ADE_KEY_PAIR_KEY, sealedPrivateKey)));
    }

    @EventSourcingHandler
    void on(AdeKeyPairCreated event) {
        credentialId = event.credentialId();
        certificatePem = event.certificatePem();
        sealedPrivateKey = event.sealedPrivateKey();
    }
}
