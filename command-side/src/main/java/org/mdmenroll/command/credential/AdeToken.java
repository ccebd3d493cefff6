package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.CredentialCommands.AdeTokenState;
import org.mdmenroll.command.credential.CredentialCommands.ExpireAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordAdeTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadAdeToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.problem.Refusal;

import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One Enrollment Program server token (one MDM server in Apple Business Manager); a tenant has as
 * many as it has MDM servers. Its OAuth secrets are kept only sealed. A renewal replaces the token
 * and takes the new token's expiry; an expired token blocks ADE device sync until renewed.
 */
@Aggregate
public class AdeToken {

    static final String TOKEN = "ade-token";

    @AggregateIdentifier
    private CredentialId tokenId;
    private TenantId tenantId;
    private String appleId;
    private String serverName;
    private final CredentialExpiry expiry = new CredentialExpiry();

    protected AdeToken() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public AdeTokenState handle(UploadAdeToken command, SecretBox secrets, Clock clock) {
        if (tenantId != null) {
            throw Refusal.conflict("ade-token-exists", "This ADE token was already uploaded; renew it instead.");
        }
        if (command.appleId() == null || command.appleId().isBlank()) {
            throw Refusal.invalid("apple-id-required",
                    "Give the Apple ID (appleId) of the Apple Business Manager account the token belongs to.");
        }
        AdeServerToken token = stillValid(command.token(), clock);
        apply(new AdeTokenUploaded(command.tokenId(), command.tenantId(), command.appleId().strip(),
                token.serverName(), token.expiresAt(), secrets.seal(TOKEN, token.json())));
        return new AdeTokenState(command.tokenId(), appleId, serverName, expiry.expiresAt());
    }

    @CommandHandler
    public AdeTokenState handle(RenewAdeToken command, SecretBox secrets, Clock clock) {
        if (!command.tenantId().equals(tenantId)) {
            throw notFound();
        }
        AdeServerToken token = stillValid(command.token(), clock);
        apply(new AdeTokenRenewed(tokenId, tenantId, token.serverName(), token.expiresAt(),
                secrets.seal(TOKEN, token.json())));
        return new AdeTokenState(tokenId, appleId, serverName, expiry.expiresAt());
    }

    /** A warning is recorded once per threshold of the current expiry; older ones are stale. */
    @CommandHandler
    public void handle(RecordAdeTokenExpiryWarning command) {
        if (expiry.warningDue(command.expiresAt(), command.daysLeft())) {
            apply(new CredentialExpiryWarned(tokenId, tenantId, CredentialKind.ADE_TOKEN, command.daysLeft(),
                    expiry.expiresAt()));
        }
    }

    @CommandHandler
    public void handle(ExpireAdeToken command) {
        if (expiry.expiryDue(command.expiresAt())) {
            apply(new CredentialExpired(tokenId, tenantId, CredentialKind.ADE_TOKEN, expiry.expiresAt()));
        }
    }

    static Refusal notFound() {
        return Refusal.notFound("ade-token-not-found", "The tenant has no ADE token with this id.");
    }

    private static AdeServerToken stillValid(AdeServerToken token, Clock clock) {
        if (!clock.instant().isBefore(token.expiresAt())) {
            throw Refusal.invalid("ade-token-expired", "The token expired on " + token.expiresAt()
                    + "; download a new one from Apple Business Manager.");
        }
        return token;
    }

    @EventSourcingHandler
    void on(AdeTokenUploaded event) {
        tokenId = event.credentialId();
        tenantId = event.tenantId();
        appleId = event.appleId();
        installed(event.serverName(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(AdeTokenRenewed event) {
        installed(event.serverName(), event.expiresAt());
    }

    private void installed(String newServerName, Instant newExpiry) {
        serverName = newServerName;
        expiry.renewedUntil(newExpiry);
    }

    @EventSourcingHandler
    void on(CredentialExpiryWarned event) {
        expiry.warned(event.daysLeft());
    }

    @EventSourcingHandler
    void on(CredentialExpired event) {
        expiry.expired();
    }
}
