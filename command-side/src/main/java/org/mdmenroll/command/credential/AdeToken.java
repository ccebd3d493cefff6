package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.CredentialCommands.AdeDeviceSyncResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileAssignmentResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeTokenState;
import org.mdmenroll.command.credential.CredentialCommands.AssignAdeProfile;
import org.mdmenroll.command.credential.CredentialCommands.ExpireAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordAdeTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.RenewAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevices;
import org.mdmenroll.command.credential.CredentialCommands.UploadAdeToken;
import org.mdmenroll.command.credential.DeviceAssignmentClient.DeviceAssignmentException;
import org.mdmenroll.command.credential.DeviceAssignmentClient.DeviceSync;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One Enrollment Program server token (one MDM server in Apple Business Manager); a tenant has as
 * many as it has MDM servers. Its OAuth secrets are kept only sealed and opened only to sign a
 * session with Apple. A renewal replaces the token and takes the new token's expiry. Device sync
 * and profile assignment go to Apple through {@link DeviceAssignmentClient}; with an expired token
 * both are refused and the refusal recorded, until a renewal. Apple's sync cursor is kept across
 * syncs and renewals (it belongs to the MDM server, not the token).
 */
@Aggregate
public class AdeToken {

    static final String DEVICE_SYNC = "device-sync";
    static final String PROFILE_ASSIGNMENT = "profile-assignment";

    @AggregateIdentifier
    private CredentialId tokenId;
    private TenantId tenantId;
    private String appleId;
    private String serverName;
    private String sealedToken;
    private String cursor;
    @AggregateMember
    private final CredentialExpiry expiry = new CredentialExpiry(CredentialKind.ADE_TOKEN);

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
                token.serverName(), token.expiresAt(), secrets.seal(SecretPurpose.ADE_TOKEN, token.json())));
        return new AdeTokenState(command.tokenId(), appleId, serverName, expiry.expiresAt());
    }

    @CommandHandler
    public AdeTokenState handle(RenewAdeToken command, SecretBox secrets, Clock clock) {
        if (!command.tenantId().equals(tenantId)) {
            throw notFound();
        }
        AdeServerToken token = stillValid(command.token(), clock);
        apply(new AdeTokenRenewed(tokenId, tenantId, token.serverName(), token.expiresAt(),
                secrets.seal(SecretPurpose.ADE_TOKEN, token.json())));
        return new AdeTokenState(tokenId, appleId, serverName, expiry.expiresAt());
    }

    /** The expiry saga's warning and expiry: {@link CredentialExpiry} records each once, for the current date. */
    @CommandHandler
    public void handle(RecordAdeTokenExpiryWarning command) {
        expiry.warn(tokenId, tenantId, command.daysLeft(), command.expiresAt());
    }

    @CommandHandler
    public void handle(ExpireAdeToken command) {
        expiry.expire(tokenId, tenantId, command.expiresAt());
    }

    @CommandHandler
    public Object handle(SyncAdeDevices command, SecretBox secrets, DeviceAssignmentClient apple, Clock clock) {
        requireTenant(command.tenantId());
        if (expiry.passed(clock.instant())) {
            return refusedAsExpired(DEVICE_SYNC);
        }
        DeviceSync sync;
        try {
            sync = apple.sync(serverToken(secrets), cursor);
        } catch (DeviceAssignmentException e) {
            return refusedByApple(DEVICE_SYNC, e);
        }
        int added = sync.fullFetch() ? sync.devices().size() : sync.count("added");
        int modified = sync.count("modified");
        int deleted = sync.count("deleted");
        apply(new AdeDevicesSynced(tokenId, tenantId, sync.fullFetch(), added, modified, deleted,
                sync.cursor() == null ? cursor : sync.cursor(), sync.devices()));
        return new AdeDeviceSyncResult(tokenId, sync.fullFetch(), added, modified, deleted);
    }

    /** Input is checked first (bad input records nothing); then the token; a new profile is defined, then assigned. */
    @CommandHandler
    public Object handle(AssignAdeProfile command, SecretBox secrets, DeviceAssignmentClient apple, Clock clock) {
        requireTenant(command.tenantId());
        List<String> serials = AppleTokenRequests.serialNumbers(command.serialNumbers());
        AppleTokenRequests.profileChoice(command.profileUuid(), command.profile());
        if (expiry.passed(clock.instant())) {
            return refusedAsExpired(PROFILE_ASSIGNMENT);
        }
        String profileUuid = command.profileUuid();
        Map<String, String> results;
        try {
            ServerToken token = serverToken(secrets);
            if (command.profile() != null) {
                profileUuid = apple.defineProfile(token, command.profile());
            }
            results = new TreeMap<>(apple.assignProfile(token, profileUuid, serials));
        } catch (DeviceAssignmentException e) {
            return refusedByApple(PROFILE_ASSIGNMENT, e);
        }
        apply(new AdeProfileAssigned(tokenId, tenantId, profileUuid,
                command.profile() == null ? null : command.profile().profileName(), results));
        return new AdeProfileAssignmentResult(tokenId, profileUuid, results);
    }

    private void requireTenant(TenantId requester) {
        if (!requester.equals(tenantId)) {
            throw notFound();
        }
    }

    /** Opened only here, to sign Apple's session request. */
    private ServerToken serverToken(SecretBox secrets) {
        return AppleTokenFiles.adeServerToken(secrets.open(SecretPurpose.ADE_TOKEN, sealedToken));
    }

    private RefusedTokenUse refusedAsExpired(String operation) {
        String detail = "The ADE token expired on " + expiry.expiresAt() + ": " + operation + " is refused until it is "
                + "renewed. Download a new server token for this MDM server in Apple Business Manager and upload it "
                + "to POST /api/apple/ade/tokens/" + tokenId + "/renewal.";
        apply(new AdeTokenUseRefused(tokenId, tenantId, operation, "token-expired", detail));
        return new RefusedTokenUse(Kind.CONFLICT, "ade-token-expired", detail, null);
    }

    /** Apple's refusals are recorded (they explain why devices did not sync); Apple being unreachable is not. */
    private RefusedTokenUse refusedByApple(String operation, DeviceAssignmentException e) {
        if (!e.refusedByApple()) {
            throw AppleRefusals.unavailable(e);
        }
        String detail = AppleRefusals.refusedDetail(operation, e.code());
        apply(new AdeTokenUseRefused(tokenId, tenantId, operation, e.code(), detail));
        return AppleRefusals.refused(detail, e.code());
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
        installed(event.serverName(), event.expiresAt(), event.sealedToken());
    }

    @EventSourcingHandler
    void on(AdeTokenRenewed event) {
        installed(event.serverName(), event.expiresAt(), event.sealedToken());
    }

    private void installed(String newServerName, Instant newExpiry, String newSealedToken) {
        serverName = newServerName;
        sealedToken = newSealedToken;
        expiry.renewedUntil(newExpiry);
    }

    @EventSourcingHandler
    void on(AdeDevicesSynced event) {
        cursor = event.cursor();
    }
}
