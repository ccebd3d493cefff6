package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.CredentialCommands.AdeDefaultProfile;
import org.mdmenroll.command.credential.CredentialCommands.AdeDeviceSyncResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeEnrollmentProfileState;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileAssignmentResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileSettings;
import org.mdmenroll.command.credential.CredentialCommands.AdeTokenState;
import org.mdmenroll.command.credential.CredentialCommands.AssignAdeProfile;
import org.mdmenroll.command.credential.CredentialCommands.DefineAdeEnrollmentProfile;
import org.mdmenroll.command.credential.CredentialCommands.ExpireAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordAdeTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.RenewAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.SetAdeDefaultProfile;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevices;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevicesOnSchedule;
import org.mdmenroll.command.credential.CredentialCommands.UploadAdeToken;
import org.mdmenroll.command.credential.DeviceAssignmentClient.DeviceAssignmentException;
import org.mdmenroll.command.credential.DeviceAssignmentClient.DeviceSync;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ProfileDefinition;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDefaultProfileSet;
import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;
import org.mdmenroll.events.credential.AdeEnrollmentProfileDefined;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.problem.Refusal.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One Enrollment Program server token (one MDM server in Apple Business Manager); a tenant has as
 * many as it has MDM servers. Its OAuth secrets are kept only sealed and opened only to sign a
 * session with Apple. A renewal replaces the token and takes the new token's expiry. Device sync
 * and profile assignment go to Apple through {@link DeviceAssignmentClient}; with an expired token
 * both are refused and the refusal recorded, until a renewal. Apple's sync cursor is kept across
 * syncs and renewals (it belongs to the MDM server, not the token).
 *
 * <p>Enrollment profiles are defined at Apple under the token, with this server's ADE URLs; one of
 * them may be the default, which every synced device without a profile (new, or its profile
 * status empty) is assigned right after the sync. Devices still waiting for it (Apple could not be
 * reached, or refused) are tried again after the next sync. The token's schedule
 * ({@link AdeSyncSchedule}) syncs it as an admin's sync does, except that a refusal already recorded
 * since the last success (an expired token, terms not accepted) is not recorded again.
 */
@Aggregate
public class AdeToken {

    static final String DEVICE_SYNC = "device-sync";
    static final String PROFILE_ASSIGNMENT = "profile-assignment";
    static final String PROFILE_DEFINITION = "profile-definition";
    private static final Logger log = LoggerFactory.getLogger(AdeToken.class);

    @AggregateIdentifier
    private CredentialId tokenId;
    private TenantId tenantId;
    private String appleId;
    private String serverName;
    private String sealedToken;
    private String cursor;
    private final Map<String, AdeEnrollmentProfile> profiles = new LinkedHashMap<>();
    private String defaultProfileUuid;
    /** Synced devices without a profile that the default has not been assigned to yet. */
    private final Set<String> awaitingDefault = new TreeSet<>();
    /** Per operation, the reason of the refusal recorded since its last success or the last renewal. */
    private final Map<String, String> refusedWith = new HashMap<>();
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
        return sync(secrets, apple, clock, false);
    }

    @CommandHandler
    public Object handle(SyncAdeDevicesOnSchedule command, SecretBox secrets, DeviceAssignmentClient apple,
                         Clock clock) {
        return sync(secrets, apple, clock, true);
    }

    private Object sync(SecretBox secrets, DeviceAssignmentClient apple, Clock clock, boolean scheduled) {
        if (expiry.passed(clock.instant())) {
            return refusedAsExpired(DEVICE_SYNC, scheduled);
        }
        log.info("ADE token {} of tenant {}: {}", tokenId, tenantId,
                cursor == null ? "fetching every device from Apple" : "syncing Apple's changes since the last sync");
        ServerToken token = serverToken(secrets);
        DeviceSync sync;
        try {
            sync = apple.sync(token, cursor, (fullFetch, pages, devices) -> log.info(
                    "ADE token {}: {} page {} read, {} devices so far", tokenId, fullFetch ? "fetch" : "sync", pages,
                    devices));
        } catch (DeviceAssignmentException e) {
            return refusedByApple(DEVICE_SYNC, e, scheduled);
        }
        int added = sync.fullFetch() ? sync.devices().size() : sync.count("added");
        int modified = sync.count("modified");
        int deleted = sync.count("deleted");
        apply(new AdeDevicesSynced(tokenId, tenantId, sync.fullFetch(), added, modified, deleted,
                sync.cursor() == null ? cursor : sync.cursor(), sync.devices()));
        int defaultAssigned = assignDefault(token, apple);
        log.info("ADE token {} synced: {} added, {} modified, {} removed; default profile assigned to {}", tokenId,
                added, modified, deleted, defaultAssigned);
        return new AdeDeviceSyncResult(tokenId, sync.fullFetch(), added, modified, deleted, defaultAssigned);
    }

    /**
     * The default profile, to the devices waiting for it, at most {@link AppleTokenRequests#MAX_SERIALS}
     * a call. Apple's refusal is recorded once (until an assignment works); Apple unreachable leaves
     * them waiting for the next sync. Answers how many Apple answered for.
     */
    private int assignDefault(ServerToken token, DeviceAssignmentClient apple) {
        int answered = 0;
        List<String> waiting = List.copyOf(awaitingDefault);
        for (int from = 0; defaultProfileUuid != null && from < waiting.size(); from += AppleTokenRequests.MAX_SERIALS) {
            List<String> serials = waiting.subList(from, Math.min(waiting.size(), from + AppleTokenRequests.MAX_SERIALS));
            try {
                Map<String, String> results = new TreeMap<>(apple.assignProfile(token, defaultProfileUuid, serials));
                apply(new AdeProfileAssigned(tokenId, tenantId, defaultProfileUuid, null, results));
                answered += results.size();
            } catch (DeviceAssignmentException e) {
                if (e.refusedByApple()) {
                    refusedByApple(PROFILE_ASSIGNMENT, e, true);
                } else {
                    log.warn("ADE token {}: the default profile could not be assigned now ({}); {} devices wait for "
                            + "the next sync", tokenId, e.getMessage(), waiting.size() - from);
                }
                break;
            }
        }
        return answered;
    }

    /** Input first (bad input records nothing), then the token; the URLs are this server's ADE endpoints. */
    @CommandHandler
    public Object handle(DefineAdeEnrollmentProfile command, SecretBox secrets, DeviceAssignmentClient apple,
                         AdeEndpoints endpoints, Clock clock) {
        requireTenant(command.tenantId());
        AdeProfileSettings settings = AppleTokenRequests.profileSettings(command.settings());
        if (expiry.passed(clock.instant())) {
            return refusedAsExpired(PROFILE_DEFINITION, false);
        }
        ProfileDefinition definition = new ProfileDefinition(settings.profileName(), endpoints.enrollUrl(tenantId),
                settings.supervised(), settings.mandatory(), settings.mdmRemovable(), settings.department(),
                settings.supportPhoneNumber(), settings.skipSetupItems(), settings.awaitDeviceConfigured(),
                settings.supportEmailAddress(), settings.language(), settings.region(),
                settings.userAuthentication() ? endpoints.signInUrl(tenantId) : null);
        String profileUuid;
        try {
            profileUuid = apple.defineProfile(serverToken(secrets), definition);
        } catch (DeviceAssignmentException e) {
            return refusedByApple(PROFILE_DEFINITION, e, false);
        }
        apply(new AdeEnrollmentProfileDefined(tokenId, tenantId, profileUuid, definition.recorded()));
        return new AdeEnrollmentProfileState(tokenId, profileUuid, profiles.get(profileUuid));
    }

    /** Only a profile defined under this token can be its default (Apple knows profiles per MDM server). */
    @CommandHandler
    public AdeDefaultProfile handle(SetAdeDefaultProfile command) {
        requireTenant(command.tenantId());
        String profileUuid = AppleTokenRequests.profileUuid(command.profileUuid());
        if (!profiles.containsKey(profileUuid)) {
            throw Refusal.notFound("ade-profile-not-found",
                    "No enrollment profile " + profileUuid + " was defined under this ADE token.");
        }
        if (!profileUuid.equals(defaultProfileUuid)) {
            apply(new AdeDefaultProfileSet(tokenId, tenantId, profileUuid));
        }
        return new AdeDefaultProfile(tokenId, defaultProfileUuid);
    }

    /** Input is checked first (bad input records nothing); then the token; a new profile is defined, then assigned. */
    @CommandHandler
    public Object handle(AssignAdeProfile command, SecretBox secrets, DeviceAssignmentClient apple, Clock clock) {
        requireTenant(command.tenantId());
        List<String> serials = AppleTokenRequests.serialNumbers(command.serialNumbers());
        AppleTokenRequests.profileChoice(command.profileUuid(), command.profile());
        if (expiry.passed(clock.instant())) {
            return refusedAsExpired(PROFILE_ASSIGNMENT, false);
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
            return refusedByApple(PROFILE_ASSIGNMENT, e, false);
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

    private RefusedTokenUse refusedAsExpired(String operation, boolean automatic) {
        String detail = "The ADE token expired on " + expiry.expiresAt() + ": " + operation + " is refused until it is "
                + "renewed. Download a new server token for this MDM server in Apple Business Manager and upload it "
                + "to POST /api/apple/ade/tokens/" + tokenId + "/renewal.";
        refuse(operation, "token-expired", detail, automatic);
        return new RefusedTokenUse(Kind.CONFLICT, "ade-token-expired", detail, null);
    }

    /** Apple's refusals are recorded (they explain why devices did not sync); Apple being unreachable is not. */
    private RefusedTokenUse refusedByApple(String operation, DeviceAssignmentException e, boolean automatic) {
        if (!e.refusedByApple()) {
            throw AppleRefusals.unavailable(e);
        }
        String detail = AppleRefusals.refusedDetail(operation, e.code());
        refuse(operation, e.code(), detail, automatic);
        return AppleRefusals.refused(detail, e.code());
    }

    /**
     * What an admin asked is recorded every time it is refused; automatic work (the schedule, the
     * default profile) records a refusal once, not again while nothing succeeded or was renewed.
     */
    private void refuse(String operation, String reason, String detail, boolean automatic) {
        if (!automatic || !reason.equals(refusedWith.get(operation))) {
            apply(new AdeTokenUseRefused(tokenId, tenantId, operation, reason, detail));
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
        installed(event.serverName(), event.expiresAt(), event.sealedToken());
    }

    @EventSourcingHandler
    void on(AdeTokenRenewed event) {
        installed(event.serverName(), event.expiresAt(), event.sealedToken());
    }

    private void installed(String newServerName, Instant newExpiry, String newSealedToken) {
        refusedWith.clear();
        serverName = newServerName;
        sealedToken = newSealedToken;
        expiry.renewedUntil(newExpiry);
    }

    @EventSourcingHandler
    void on(AdeDevicesSynced event) {
        cursor = event.cursor();
        refusedWith.remove(DEVICE_SYNC);
        for (AdeDevice device : event.devices()) {
            if (device.serialNumber() == null) {
                continue;
            }
            boolean newOrWithoutProfile = "added".equalsIgnoreCase(device.opType()) || device.withoutProfile();
            if (defaultProfileUuid != null && !device.removed() && newOrWithoutProfile) {
                awaitingDefault.add(device.serialNumber());
            } else {
                awaitingDefault.remove(device.serialNumber());
            }
        }
    }

    /** Whatever Apple answered for a device, it no longer waits for the default (an admin's choice wins too). */
    @EventSourcingHandler
    void on(AdeProfileAssigned event) {
        refusedWith.remove(PROFILE_ASSIGNMENT);
        awaitingDefault.removeAll(event.results().keySet());
    }

    @EventSourcingHandler
    void on(AdeEnrollmentProfileDefined event) {
        refusedWith.remove(PROFILE_DEFINITION);
        profiles.put(event.profileUuid(), event.profile());
    }

    @EventSourcingHandler
    void on(AdeDefaultProfileSet event) {
        defaultProfileUuid = event.profileUuid();
    }

    @EventSourcingHandler
    void on(AdeTokenUseRefused event) {
        refusedWith.put(event.operation(), event.reason());
    }
}
