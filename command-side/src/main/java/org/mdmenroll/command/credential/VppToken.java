package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.AppleTokenFiles.VppContentToken;
import org.mdmenroll.command.credential.CredentialCommands.AssignVppLicenses;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.RevokeVppLicenses;
import org.mdmenroll.command.credential.CredentialCommands.VppLicenseResult;
import org.mdmenroll.command.credential.CredentialCommands.VppTokenState;
import org.mdmenroll.command.credential.VppLicenseClient.VppServiceException;
import org.mdmenroll.command.credential.CredentialCommands.ExpireVppToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordVppTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewVppToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadVppToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.VppLicensesAssigned;
import org.mdmenroll.events.credential.VppLicensesRevoked;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.events.credential.VppTokenUseRefused;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One Volume Purchase Program (Apps and Books) content token, for a location or department; a
 * tenant may have several. The token (the sToken Apple takes) is kept only sealed. A renewal
 * replaces it and takes the new token's expiry. Licences are assigned and revoked through
 * {@link VppLicenseClient}; with an expired token both are refused and recorded, and nothing is
 * sent to Apple, so apps already installed stay installed; a renewal makes them work again.
 */
@Aggregate
public class VppToken {

    static final String LICENSE_ASSIGNMENT = "license-assignment";
    static final String LICENSE_REVOCATION = "license-revocation";

    @AggregateIdentifier
    private CredentialId tokenId;
    private TenantId tenantId;
    private String location;
    private String orgName;
    private String sealedToken;
    @AggregateMember
    private final CredentialExpiry expiry = new CredentialExpiry(CredentialKind.VPP_TOKEN);

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
                token.orgName(), token.expiresAt(), secrets.seal(SecretPurpose.VPP_TOKEN, token.sToken())));
        return new VppTokenState(command.tokenId(), location, orgName, expiry.expiresAt());
    }

    @CommandHandler
    public VppTokenState handle(RenewVppToken command, SecretBox secrets, Clock clock) {
        if (!command.tenantId().equals(tenantId)) {
            throw notFound();
        }
        VppContentToken token = stillValid(AppleTokenFiles.readVppToken(command.token()), clock);
        apply(new VppTokenRenewed(tokenId, tenantId, token.orgName(), token.expiresAt(),
                secrets.seal(SecretPurpose.VPP_TOKEN, token.sToken())));
        return new VppTokenState(tokenId, location, orgName, expiry.expiresAt());
    }

    /** The expiry saga's warning and expiry: {@link CredentialExpiry} records each once, for the current date. */
    @CommandHandler
    public void handle(RecordVppTokenExpiryWarning command) {
        expiry.warn(tokenId, tenantId, command.daysLeft(), command.expiresAt());
    }

    @CommandHandler
    public void handle(ExpireVppToken command) {
        expiry.expire(tokenId, tenantId, command.expiresAt());
    }

    @CommandHandler
    public Object handle(AssignVppLicenses command, SecretBox secrets, VppLicenseClient apple, Clock clock) {
        return licences(LICENSE_ASSIGNMENT, command.tenantId(), command.adamId(), command.serialNumbers(), secrets,
                apple, clock);
    }

    @CommandHandler
    public Object handle(RevokeVppLicenses command, SecretBox secrets, VppLicenseClient apple, Clock clock) {
        return licences(LICENSE_REVOCATION, command.tenantId(), command.adamId(), command.serialNumbers(), secrets,
                apple, clock);
    }

    /** Input is checked first (bad input records nothing); then the token; then Apple is asked. */
    private Object licences(String operation, TenantId requester, String givenAdamId, List<String> givenSerials,
                            SecretBox secrets, VppLicenseClient apple, Clock clock) {
        if (!requester.equals(tenantId)) {
            throw notFound();
        }
        String adamId = AppleTokenRequests.adamId(givenAdamId);
        List<String> serials = AppleTokenRequests.serialNumbers(givenSerials);
        if (expiry.passed(clock.instant())) {
            String detail = "The VPP token expired on " + expiry.expiresAt() + ": " + operation + " is refused and "
                    + "nothing was sent to Apple; apps already installed stay installed. Download a new content token "
                    + "for " + location + " in Apple Business Manager and upload it to POST /api/apple/vpp/tokens/"
                    + tokenId + "/renewal.";
            apply(new VppTokenUseRefused(tokenId, tenantId, operation, adamId, serials, "token-expired", detail));
            return new RefusedTokenUse(Kind.CONFLICT, "vpp-token-expired", detail, null);
        }
        String sToken = secrets.open(SecretPurpose.VPP_TOKEN, sealedToken);
        String appleEventId;
        try {
            appleEventId = LICENSE_ASSIGNMENT.equals(operation) ? apple.associate(sToken, adamId, serials)
                    : apple.disassociate(sToken, adamId, serials);
        } catch (VppServiceException e) {
            if (!e.refusedByApple()) {
                throw AppleRefusals.unavailable(e);
            }
            String detail = AppleRefusals.refusedDetail(operation, e.code());
            apply(new VppTokenUseRefused(tokenId, tenantId, operation, adamId, serials, e.code(), detail));
            return AppleRefusals.refused(detail, e.code());
        }
        apply(LICENSE_ASSIGNMENT.equals(operation)
                ? new VppLicensesAssigned(tokenId, tenantId, adamId, serials, appleEventId)
                : new VppLicensesRevoked(tokenId, tenantId, adamId, serials, appleEventId));
        return new VppLicenseResult(tokenId, adamId, serials, appleEventId);
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
        installed(event.orgName(), event.expiresAt(), event.sealedToken());
    }

    @EventSourcingHandler
    void on(VppTokenRenewed event) {
        installed(event.orgName(), event.expiresAt(), event.sealedToken());
    }

    private void installed(String newOrgName, Instant newExpiry, String newSealedToken) {
        orgName = newOrgName;
        sealedToken = newSealedToken;
        expiry.renewedUntil(newExpiry);
    }
}
