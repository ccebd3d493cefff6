package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.AppleTokenFiles.VppContentToken;
import org.mdmenroll.command.credential.CredentialCommands.VppTokenState;
import org.mdmenroll.command.credential.CredentialCommands.ExpireVppToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordVppTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewVppToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadVppToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.problem.Refusal;

import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One Volume Purchase Program (Apps and Books) content token, for a location or department; a
 * tenant may have several. The token is kept only sealed. A renewal replaces it and takes the new
 * token's expiry; an expired token blocks license assignment and revocation until renewed.
 */
@Aggregate
public class VppToken {

    static final String TOKEN = "vpp-token";

    @AggregateIdentifier
    private CredentialId tokenId;
    private TenantId tenantId;
    private String location;
    private String orgName;
    private final CredentialExpiry expiry = new CredentialExpiry();

    protected VppToken() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public VppTokenState handle(UploadVppToken command, SecretBox secrets, Clock clock) {
        if (tenantId != null) {
            throw Refusal.conflict("vpp-token-exists", "This VPP token was already uploaded; renew it instead.");
        }
        if (command.location() == null || command.location().isBlank()) {
            throw Refusal.invalid("location-required",
                    "Give the location (or department) the VPP token is for.");
        }
        VppContentToken token = stillValid(AppleTokenFiles.readVppToken(command.token()), clock);
        apply(new VppTokenUploaded(command.tokenId(), command.tenantId(), command.location().strip(),
                token.orgName(), token.expiresAt(), secrets.seal(TOKEN, token.token())));
        return new VppTokenState(command.tokenId(), location, orgName, expiry.expiresAt());
    }

    @CommandHandler
    public VppTokenState handle(RenewVppToken command, SecretBox secrets, Clock clock) {
        if (!command.tenantId().equals(tenantId)) {
            throw notFound();
        }
        VppContentToken token = stillValid(AppleTokenFiles.readVppToken(command.token()), clock);
        apply(new VppTokenRenewed(tokenId, tenantId, token.orgName(), token.expiresAt(),
                secrets.seal(TOKEN, token.token())));
        return new VppTokenState(tokenId, location, orgName, expiry.expiresAt());
    }

    /** A warning is recorded once per threshold of the current expiry; older ones are stale. */
    @CommandHandler
    public void handle(RecordVppTokenExpiryWarning command) {
        if (expiry.warningDue(command.expiresAt(), command.daysLeft())) {
            apply(new CredentialExpiryWarned(tokenId, tenantId, CredentialKind.VPP_TOKEN, command.daysLeft(),
                    expiry.expiresAt()));
        }
    }

    @CommandHandler
    public void handle(ExpireVppToken command) {
        if (expiry.expiryDue(command.expiresAt())) {
            apply(new CredentialExpired(tokenId, tenantId, CredentialKind.VPP_TOKEN, expiry.expiresAt()));
        }
    }

    static Refusal notFound() {
        return Refusal.notFound("vpp-token-not-found", "The tenant has no VPP token with this id.");
    }

    private static VppContentToken stillValid(VppContentToken token, Clock clock) {
        if (!clock.instant().isBefore(token.expiresAt())) {
            throw Refusal.invalid("vpp-token-expired", "The token expired on " + token.expiresAt()
                    + "; download a new one from Apple Business Manager (Apps and Books).");
        }
        return token;
    }

    @EventSourcingHandler
    void on(VppTokenUploaded event) {
        tokenId = event.credentialId();
        tenantId = event.tenantId();
        location = event.location();
        installed(event.orgName(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(VppTokenRenewed event) {
        installed(event.orgName(), event.expiresAt());
    }

    private void installed(String newOrgName, Instant newExpiry) {
        orgName = newOrgName;
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
