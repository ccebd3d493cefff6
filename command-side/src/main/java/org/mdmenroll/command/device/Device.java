package org.mdmenroll.command.device;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.device.DeviceCommands.ActionOutcome;
import org.mdmenroll.command.device.DeviceCommands.CancelProfileInstall;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.DeleteDevice;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceCommands.EscrowBootstrapToken;
import org.mdmenroll.command.device.DeviceCommands.ReturnBootstrapToken;
import org.mdmenroll.command.device.DeviceCommands.IdentityCertificateOutcome;
import org.mdmenroll.command.device.DeviceCommands.IssueIdentityCertificate;
import org.mdmenroll.command.device.DeviceCommands.RenewIdentityCertificate;
import org.mdmenroll.command.device.DeviceCommands.RequestIdentityCertificateRenewal;
import org.mdmenroll.command.device.IdentityCertificateIssuer.IssuedCertificate;
import org.mdmenroll.command.device.DeviceCommands.Profile;
import org.mdmenroll.command.device.DeviceCommands.ProfileExpiry;
import org.mdmenroll.command.device.DeviceCommands.RecordCheckInAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgeSent;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgesStopped;
import org.mdmenroll.command.device.DeviceCommands.RecordMdmPushFailed;
import org.mdmenroll.command.device.DeviceCommands.RecordMdmPushSent;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.command.device.DeviceCommands.ReEnroll;
import org.mdmenroll.command.device.DeviceCommands.RecordManualCaCertificatesRemoved;
import org.mdmenroll.command.device.DeviceCommands.RegisterAndroidAgent;
import org.mdmenroll.command.device.DeviceCommands.RequireReEnrollment;
import org.mdmenroll.command.device.DeviceCommands.ResetDevice;
import org.mdmenroll.command.device.DeviceCommands.RetireDevice;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.command.device.DeviceCommands.SupersedeEntry;
import org.mdmenroll.command.device.DeviceCommands.WipeDevice;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.mdmenroll.events.device.DeviceStatus.ACTIVE;
import static org.mdmenroll.events.device.DeviceStatus.DELETED;
import static org.mdmenroll.events.device.DeviceStatus.PENDING;
import static org.mdmenroll.events.device.DeviceStatus.RESET;
import static org.mdmenroll.events.device.DeviceStatus.RETIRE_PENDING;
import static org.mdmenroll.events.device.DeviceStatus.WIPE_PENDING;

/**
 * One device entry: one enrollment of one piece of hardware, from the first request to retire,
 * wipe, reset or delete. Which event puts it in which status is {@link DeviceStatus#after}; the
 * transitions its commands allow:
 * <pre>
 *   start ─▶ PENDING ─(profile downloaded, enrolled)─▶ ACTIVE ─▶ retire/check-out/superseded ─▶ INACTIVE
 *             │  ▲ cancel ─▶ INACTIVE (resumable while the profile is valid)   ├─▶ wipe ─▶ WIPED
 *             │  └────────── re-enroll (any status but DELETED) ◀──────────────┴─▶ reset ─▶ RESET
 *             └─ profile validity passes ─▶ EnrollmentProfileExpired (start again)   any ─▶ delete ─▶ DELETED
 * </pre>
 */
@Aggregate
public class Device {

    static final String PROFILE_EXPIRY = "profile-expiry";

    /** Android 10 and newer enroll again as a new entry (the Android re-enrollment rule, see DeviceEnrollments). */
    static final OsVersion ANDROID_NEW_ENTRY_MINIMUM = OsVersion.of(10);

    @AggregateIdentifier
    private DeviceId deviceId;
    private TenantId tenantId;
    private UserId userId;
    private Platform platform;
    private EnrollmentMethod method;
    private DeviceStatus status;
    private boolean cancelled;
    private CurrentProfile profile = new CurrentProfile();
    private IdentityCertificate certificate = new IdentityCertificate();
    private String udid;
    /** An account-driven user enrollment (BYOD): the device reported an EnrollmentID, no hardware. */
    private boolean userEnrollment;
    private String serialNumber;
    private final Set<String> enrolledUserChannels = new HashSet<>();
    /** How the Android agent that enrolled this entry manages the device; null without an agent. */
    private AndroidManagementMode managementMode;
    /** Nudges recorded since the nudge saga last started (or stopped). */
    private int nudgesSent;
    /** The device channel's last TokenUpdate said it waits in Setup Assistant for DeviceConfigured (ADE). */
    private boolean awaitingConfiguration;
    /** The Mac's escrowed bootstrap token, sealed; null when none. */
    private String sealedBootstrapToken;
    /** The MDM commands waiting for the device, and its answers. */
    @AggregateMember
    private final MdmCommandQueue commands = new MdmCommandQueue(this);

    protected Device() {
        // for Axon
    }

    @CommandHandler
    public Device(StartEnrollment command) {
        EnrollmentEligibility.require(command.platform(), command.osVersion(), command.method());
        HardwareIdentity identity = command.identity() == null ? HardwareIdentity.UNKNOWN : command.identity();
        if (command.platform() == Platform.ANDROID && identity.isUnknown()) {
            throw Refusal.invalid("hardware-identity-required",
                    "An Android enrollment names its hardware: serial number, IMEI or enterprise-specific id.");
        }
        apply(new EnrollmentStarted(command.deviceId(), command.tenantId(), command.userId(), command.platform(),
                command.osVersion().strip(), command.method(), identity, command.pushChannel()));
    }

    /** A new download replaces the earlier profile; the expiry deadline of each profile is its own. */
    @CommandHandler
    public Profile handle(DownloadProfile command, DeadlineManager deadlines, Clock clock) {
        if (!platform.isApple()) {
            throw Refusal.conflict("no-profile-for-platform", "Android devices enroll through the agent, not a profile.");
        }
        requireEnrolling("download a profile");
        UUID newProfileId = UUID.randomUUID();
        Instant validUntil = clock.instant().plus(command.validity());
        apply(new EnrollmentProfileDownloaded(deviceId, tenantId, newProfileId, validUntil, command.challengeHash()));
        deadlines.schedule(command.validity(), PROFILE_EXPIRY, new ProfileExpiry(newProfileId));
        return new Profile(newProfileId, validUntil);
    }

    @DeadlineHandler(deadlineName = PROFILE_EXPIRY)
    void on(ProfileExpiry expiry) {
        if (profile.expiryDue(expiry.profileId()) && (status == PENDING || cancelled)) {
            apply(new EnrollmentProfileExpired(deviceId, tenantId, profile.profileId()));
        }
    }

    /**
     * SCEP with a profile's challenge: one certificate per challenge, while the profile is valid and
     * the entry is enrolling, or, for an enrolled device, with the challenge of its renewal profile
     * until its current certificate expires. A refusal is recorded (it explains a failed enrollment or
     * renewal) and answered.
     */
    @CommandHandler
    public IdentityCertificateOutcome handle(IssueIdentityCertificate command, IdentityCertificateIssuer issuer,
            Clock clock) {
        requireApple("get an identity certificate");
        Instant now = clock.instant();
        boolean enrolled = status.isActiveOnServer();
        IdentityCertificateRefusal refusal;
        if (enrolled) {
            refusal = certificate.renewalRefusal(command.challengeHash(), now);
        } else if (status != PENDING && !cancelled) {
            refusal = IdentityCertificateRefusal.DEVICE_NOT_ENROLLING;
        } else {
            refusal = profile.challengeRefusal(command.challengeHash(), now);
        }
        if (refusal == null) {
            return issue(issuer, command.certificationRequest(), now, enrolled);
        }
        apply(new IdentityCertificateRefused(deviceId, tenantId, refusal));
        return IdentityCertificateOutcome.refused(refusal);
    }

    /** SCEP renewal, signed with the device's current identity certificate; no challenge needed. */
    @CommandHandler
    public IdentityCertificateOutcome handle(RenewIdentityCertificate command, IdentityCertificateIssuer issuer,
            Clock clock) {
        requireApple("renew an identity certificate");
        IdentityCertificateRefusal refusal;
        if (!status.isActiveOnServer() && status != PENDING && !cancelled) {
            refusal = IdentityCertificateRefusal.DEVICE_NOT_ENROLLING;
        } else if (!certificate.isCurrent(command.signerFingerprint())) {
            refusal = IdentityCertificateRefusal.CERTIFICATE_REPLACED;
        } else {
            return issue(issuer, command.certificationRequest(), clock.instant(), true);
        }
        apply(new IdentityCertificateRefused(deviceId, tenantId, refusal));
        return IdentityCertificateOutcome.refused(refusal);
    }

    private IdentityCertificateOutcome issue(IdentityCertificateIssuer issuer, byte[] request, Instant now,
            boolean renewal) {
        IssuedCertificate issued = issuer.issue(tenantId, request, now);
        apply(new IdentityCertificateIssued(deviceId, tenantId, issued.serialNumber(), issued.fingerprint(),
                issued.notAfter(), renewal));
        return new IdentityCertificateOutcome(issued.der(), null);
    }

    /**
     * Before the identity certificate expires a freshly signed profile with a challenge of its own
     * goes to the device (InstallProfile). Answered with the command's UUID; null, and nothing
     * recorded, when the entry is no longer managed, cannot be reached, or has a newer certificate.
     */
    @CommandHandler
    public String handle(RequestIdentityCertificateRenewal command, MdmCommandEncoder encoder,
            RenewalProfiles profiles) {
        if (!platform.isApple() || !status.isActiveOnServer() || !commands.reachable()
                || !certificate.isCurrent(command.fingerprint())) {
            return null;
        }
        RenewalProfiles.RenewalProfile renewal = profiles.renewalProfile(tenantId, deviceId, userId, platform,
                method != EnrollmentMethod.ACCOUNT_DRIVEN ? RenewalProfiles.Enrollment.DEVICE
                        : userEnrollment ? RenewalProfiles.Enrollment.ACCOUNT_DRIVEN_USER
                        : RenewalProfiles.Enrollment.ACCOUNT_DRIVEN_DEVICE);
        String commandUuid = commands.queue(encoder, new MdmRequest.InstallProfile(renewal.profile(),
                "identity certificate renewal"), MdmCommandPurpose.CERTIFICATE_RENEWAL);
        apply(new IdentityCertificateRenewalRequested(deviceId, tenantId, commandUuid, renewal.profileId(),
                renewal.challengeHash(), certificate.notAfter()));
        return commandUuid;
    }

    /** A managed Mac escrows its bootstrap token (or removes it); the server keeps it only sealed. */
    @CommandHandler
    public void handle(EscrowBootstrapToken command) {
        requireBootstrapTokenChannel();
        apply(new BootstrapTokenEscrowed(deviceId, tenantId, command.sealedToken()));
    }

    /** The Mac's escrowed bootstrap token, still sealed; null when it escrowed none. */
    @CommandHandler
    public String handle(ReturnBootstrapToken command) {
        requireBootstrapTokenChannel();
        return sealedBootstrapToken;
    }

    private void requireBootstrapTokenChannel() {
        requireKnownToTheDevice();
        if (platform != Platform.MACOS) {
            throw Refusal.invalid("bootstrap-token-macos-only", "Only a Mac escrows a bootstrap token.");
        }
        if (!status.isActiveOnServer()) {
            throw transitionRefused("keep a bootstrap token for");
        }
    }

    @CommandHandler
    public void handle(CancelProfileInstall command) {
        if (status != PENDING) {
            throw transitionRefused("cancel the enrollment");
        }
        apply(new EnrollmentProfileInstallCancelled(deviceId, tenantId));
    }

    /** Apple devices need their downloaded profile to be still valid; a cancelled install resumes this way. */
    @CommandHandler
    public void handle(EnrollDevice command, Clock clock, MdmCommandEncoder encoder) {
        if (status != PENDING && !cancelled) {
            throw transitionRefused("enroll");
        }
        if (platform.isApple()) {
            if (!profile.isDownloaded()) {
                throw Refusal.conflict("profile-not-downloaded", "The device has not downloaded its enrollment profile.");
            }
            if (profile.expiredBeforeInstall(clock.instant())) {
                throw profileExpired();
            }
        }
        if (command.enrolledUser() != null && platform != Platform.MACOS) {
            throw Refusal.invalid("enrolled-user-macos-only", "Only macOS records the user logged in during enrollment.");
        }
        apply(new DeviceEnrolled(deviceId, tenantId, command.enrolledUser(), method == EnrollmentMethod.ACCOUNT_DRIVEN,
                command.pushTopic()));
        // What the device is, asked once it is managed, so the inventory fills in without an admin asking.
        if (commands.reachable()) {
            commands.queue(encoder, new MdmRequest.DeviceInformation(), MdmCommandPurpose.INVENTORY);
            if (platform.isApple()) {
                commands.queue(encoder, new MdmRequest.SecurityInfo(), MdmCommandPurpose.INVENTORY);
            }
            releaseFromSetupAssistant(encoder);
        }
    }

    /**
     * An ADE device whose profile awaits configuration waits in Setup Assistant until it gets
     * DeviceConfigured: queued after the enrollment-time commands, once while one is open.
     */
    private void releaseFromSetupAssistant(MdmCommandEncoder encoder) {
        if (method == EnrollmentMethod.ADE && awaitingConfiguration && !commands.hasOpen("DeviceConfigured")) {
            commands.queue(encoder, new MdmRequest.DeviceConfigured(), MdmCommandPurpose.SETUP);
        }
    }

    /** Authenticate: the profile is installed, on the hardware the entry knows ({@link #requireSameHardware}). */
    @CommandHandler
    public void handle(RecordCheckInAuthenticate command) {
        requireApple("check in");
        requireKnownToTheDevice();
        if (status != PENDING && !cancelled && !status.isActiveOnServer()) {
            throw transitionRefused("check in");
        }
        if (!profile.isDownloaded()) {
            throw Refusal.conflict("profile-not-downloaded", "The device has not downloaded its enrollment profile.");
        }
        requireSameHardware(new HardwareIdentity(serialNumber, udid, null, null), command.udid(),
                command.serialNumber());
        apply(new DeviceAuthenticated(deviceId, tenantId, command.udid(), command.enrollmentId(),
                command.serialNumber(), command.model(), command.modelName(), command.productName(),
                command.osVersion(), command.buildVersion(), command.deviceName()));
    }

    /**
     * TokenUpdate after Authenticate. The device channel's first token completes an enrollment in
     * progress (answered {@code true}); a macOS user channel needs the device enrolled and records its
     * user the first time.
     */
    @CommandHandler
    public boolean handle(UpdateMdmPushToken command, MdmCommandEncoder encoder) {
        requireApple("update the push token");
        requireKnownToTheDevice();
        if (!profile.isInstalled()) {
            throw Refusal.conflict("authenticate-first", "A TokenUpdate comes after the device's Authenticate.");
        }
        boolean userChannel = command.userGuid() != null;
        if (userChannel && platform != Platform.MACOS) {
            throw Refusal.invalid("user-channel-macos-only", "Only macOS has user channels.");
        }
        boolean enrolling = status == PENDING || cancelled;
        if (userChannel ? !status.isActiveOnServer() : !enrolling && !status.isActiveOnServer()) {
            throw transitionRefused(userChannel ? "update a user channel's push token" : "update the push token");
        }
        apply(new MdmPushTokenUpdated(deviceId, tenantId, command.userGuid(), command.topic(), command.sealedToken(),
                command.sealedPushMagic(), command.sealedUnlockToken(), !userChannel && command.awaitingConfiguration()));
        if (userChannel && !enrolledUserChannels.contains(command.userGuid())) {
            apply(new DeviceUserChannelEnrolled(deviceId, tenantId, command.userGuid(), command.userShortName(),
                    command.userLongName()));
        }
        if (!userChannel && !enrolling) {
            // Setup Assistant started over on a managed device (it never got DeviceConfigured).
            releaseFromSetupAssistant(encoder);
        }
        return !userChannel && enrolling;
    }

    @CommandHandler
    public void handle(RecordMdmPushSent command) {
        requireApple("push");
        apply(new MdmPushSent(deviceId, tenantId, command.topic(), command.apnsId()));
    }

    @CommandHandler
    public void handle(RecordMdmPushFailed command) {
        requireApple("push");
        apply(new MdmPushFailed(deviceId, tenantId, command.reason(), command.detail()));
    }

    /**
     * A nudge counts only while the device is still enrolling and has not installed its profile:
     * a nudge that arrives after enrollment is not recorded as sent. Answered with whether it was
     * recorded; an attempt already recorded (a deadline that ran again) is not recorded twice.
     */
    @CommandHandler
    public boolean handle(RecordEnrollmentNudgeSent command) {
        if (status != PENDING || profile.isInstalled() || command.attempt() <= nudgesSent) {
            return false;
        }
        apply(new EnrollmentNudgeSent(deviceId, tenantId, command.attempt(), command.channel()));
        return true;
    }

    /** Whatever the device's status: the saga's end is a fact of its own (after a delete too). */
    @CommandHandler
    public void handle(RecordEnrollmentNudgesStopped command) {
        apply(new EnrollmentNudgesStopped(deviceId, tenantId, command.reason(), command.nudgesSent(),
                command.detail()));
    }

    /** Android 10 and newer never re-enroll an entry: they start a new one (see {@link DeviceEnrollments}). */
    @CommandHandler
    public void handle(ReEnroll command) {
        if (status == DELETED) {
            throw transitionRefused("re-enroll");
        }
        if (platform == Platform.ANDROID && !OsVersion.parse(command.osVersion()).isBelow(ANDROID_NEW_ENTRY_MINIMUM)) {
            throw Refusal.conflict("android-re-enrolls-as-new-entry",
                    "Android 10 and newer enroll again as a new entry, not on this one.");
        }
        EnrollmentEligibility.require(platform, command.osVersion(), command.method());
        leaveManagement(new DeviceReEnrolled(deviceId, tenantId, command.userId(), command.osVersion().strip(),
                command.method(), command.identity() == null ? HardwareIdentity.UNKNOWN : command.identity(),
                command.pushChannel()));
    }

    /** The device removed its MDM profile; a retire waiting for that is done with it. */
    @CommandHandler
    public void handle(CheckOutDevice command) {
        requireKnownToTheDevice();
        requireStatus("check out", ACTIVE, RESET, WIPE_PENDING, RETIRE_PENDING);
        boolean retiring = status == RETIRE_PENDING;
        leaveManagement(new DeviceCheckedOut(deviceId, tenantId));
        if (retiring) {
            apply(new DeviceRetired(deviceId, tenantId));
        }
    }

    /**
     * An enrollment in progress, even a cancelled one that could still resume, is retired at once. A
     * managed device is asked to remove its management (RETIRE_PENDING until it acknowledges or checks
     * out); one that nothing can reach is retired at once.
     */
    @CommandHandler
    public ActionOutcome handle(RetireDevice command, MdmCommandEncoder encoder) {
        if (cancelled || status == PENDING) {
            leaveManagement(new DeviceRetired(deviceId, tenantId));
            return new ActionOutcome(status, null);
        }
        requireStatus("retire", ACTIVE, RESET);
        if (!commands.reachable()) {
            leaveManagement(new DeviceRetired(deviceId, tenantId));
            return new ActionOutcome(status, null);
        }
        String commandUuid = commands.queue(encoder, new MdmRequest.RemoveManagement(), MdmCommandPurpose.RETIRE);
        apply(new DeviceActionRequested(deviceId, tenantId, commandUuid, DeviceAction.RETIRE, status));
        return new ActionOutcome(status, commandUuid);
    }

    /** EraseDevice goes to the device (WIPE_PENDING until it acknowledges); one nothing can reach is recorded WIPED. */
    @CommandHandler
    public ActionOutcome handle(WipeDevice command, MdmCommandEncoder encoder) {
        requireStatus("wipe", ACTIVE, RESET);
        if (!commands.reachable()) {
            leaveManagement(new DeviceWiped(deviceId, tenantId));
            return new ActionOutcome(status, null);
        }
        String commandUuid = commands.queue(encoder, new MdmRequest.EraseDevice(command.pin(),
                command.preserveDataPlan(), command.disallowProximitySetup()), MdmCommandPurpose.WIPE);
        apply(new DeviceActionRequested(deviceId, tenantId, commandUuid, DeviceAction.WIPE, status));
        return new ActionOutcome(status, commandUuid);
    }

    /** Reset on the device (EraseDevice), active on the server until that hardware registers again. */
    @CommandHandler
    public ActionOutcome handle(ResetDevice command, MdmCommandEncoder encoder) {
        requireStatus("reset", ACTIVE);
        apply(new DeviceReset(deviceId, tenantId));
        return new ActionOutcome(status, commands.reachable()
                ? commands.queue(encoder, new MdmRequest.EraseDevice(null, false, false), MdmCommandPurpose.RESET)
                : null);
    }

    /** At once: from then on the device's check-ins and connects are answered 401, so it drops management. */
    @CommandHandler
    public void handle(DeleteDevice command) {
        if (status == DELETED) {
            throw transitionRefused("delete");
        }
        leaveManagement(new DeviceDeleted(deviceId, tenantId));
    }

    /** Only an entry still active on the server is superseded; any other is left as it is. */
    @CommandHandler
    public boolean handle(SupersedeEntry command) {
        if (!status.isActiveOnServer() || command.supersededBy().equals(deviceId)) {
            return false;
        }
        leaveManagement(new DeviceEntrySuperseded(deviceId, tenantId, command.supersededBy()));
        return true;
    }

    /** Only an Apple entry still active on the server is affected; any other is left as it is. */
    @CommandHandler
    public boolean handle(RequireReEnrollment command) {
        if (!platform.isApple() || !status.isActiveOnServer()) {
            return false;
        }
        apply(new DeviceReEnrollmentRequired(deviceId, tenantId, command.reason()));
        return true;
    }

    /** Only the organisation's own devices have their manually installed CA certificates removed. */
    @CommandHandler
    public void handle(RecordManualCaCertificatesRemoved command) {
        if (platform != Platform.ANDROID) {
            throw Refusal.conflict("android-only", "Only Android Enterprise devices report removed CA certificates.");
        }
        requireStatus("report removed CA certificates", ACTIVE);
        if (managementMode == null || !managementMode.companyOwned()) {
            throw Refusal.conflict("not-company-owned", "Only a fully managed device or a work profile on a "
                    + "company-owned device has its manually installed CA certificates removed.");
        }
        apply(new ManualCaCertificatesRemoved(deviceId, tenantId));
    }

    /** The agent registers right after the entry was started or re-enrolled for it, while it is PENDING. */
    @CommandHandler
    public void handle(RegisterAndroidAgent command) {
        if (platform != Platform.ANDROID) {
            throw Refusal.conflict("android-only", "Only Android devices enroll through the Android agent.");
        }
        if (status != PENDING || cancelled) {
            throw transitionRefused("register the Android agent");
        }
        apply(new AndroidAgentRegistered(deviceId, tenantId, command.enrollmentTokenId(), command.sdkInt(),
                command.managementMode(), command.agentSecretHash()));
    }

    static Refusal profileExpired() {
        return new Refusal(Refusal.Kind.GONE, "profile-expired",
                "The enrollment profile expired before it was installed; start the enrollment again from the app or portal.");
    }

    private void requireEnrolling(String action) {
        if (status != PENDING && !cancelled) {
            throw transitionRefused(action);
        }
        if (profile.isExpired()) {
            throw profileExpired();
        }
    }

    private void requireApple(String action) {
        if (!platform.isApple()) {
            throw Refusal.conflict("apple-only", "Only iOS and macOS devices " + action + " through MDM.");
        }
    }

    /**
     * A device reporting other hardware (UDID or serial number) than its entry knows is not that
     * entry's device: refused with 401 whatever it asks. The check-in applies this to every message
     * before it reaches the entry, with the UDID each message names.
     */
    public static void requireSameHardware(HardwareIdentity known, String reportedUdid, String reportedSerialNumber) {
        if (differs(known.udid(), reportedUdid) || differs(known.serialNumber(), reportedSerialNumber)) {
            throw Refusal.unauthorized("device-identity-mismatch",
                    "The device reports other hardware than the enrollment its certificate was issued for.");
        }
    }

    /** Both known and not the same hardware. */
    private static boolean differs(String known, String reported) {
        return known != null && reported != null && !known.equalsIgnoreCase(reported.strip());
    }

    private void requireStatus(String action, DeviceStatus... allowed) {
        if (!Set.of(allowed).contains(status)) {
            throw transitionRefused(action);
        }
    }

    /** The event that ends this enrollment's management; what was still queued for the device is cancelled. */
    private void leaveManagement(Object event) {
        apply(event);
        commands.cancelOpen();
    }

    /** A deleted entry's device is answered 401 at check-in: Apple's MDM client then drops management. */
    private void requireKnownToTheDevice() {
        if (status == DELETED) {
            throw Refusal.unauthorized("device-deleted", "This device entry was deleted; the device is no longer managed.");
        }
    }

    DeviceId deviceId() {
        return deviceId;
    }

    TenantId tenantId() {
        return tenantId;
    }

    Platform platform() {
        return platform;
    }

    DeviceStatus status() {
        return status;
    }

    Refusal transitionRefused(String action) {
        return new Refusal(Refusal.Kind.CONFLICT, "device-status-conflict",
                "Cannot " + action + " a device entry that is " + status + ".",
                Map.of("deviceStatus", status.name(), "action", action));
    }

    @EventSourcingHandler
    void on(EnrollmentStarted event) {
        deviceId = event.deviceId();
        tenantId = event.tenantId();
        userId = event.userId();
        platform = event.platform();
        method = event.method();
        status = statusAfter(event);
        knownHardware(event.identity());
    }

    @EventSourcingHandler
    void on(EnrollmentProfileDownloaded event) {
        profile.downloaded(event.profileId(), event.validUntil(), event.challengeHash());
        status = statusAfter(event);
        cancelled = false;
    }

    @EventSourcingHandler
    void on(IdentityCertificateIssued event) {
        certificate.issued(event.fingerprint(), event.notAfter());
        profile.certificateIssued(event.renewal());
    }

    @EventSourcingHandler
    void on(EnrollmentProfileExpired event) {
        profile.expired();
    }

    @EventSourcingHandler
    void on(EnrollmentProfileInstallCancelled event) {
        status = statusAfter(event);
        cancelled = true;
    }

    @EventSourcingHandler
    void on(DeviceEnrolled event) {
        status = statusAfter(event);
        cancelled = false;
    }

    @EventSourcingHandler
    void on(AndroidAgentRegistered event) {
        managementMode = event.managementMode();
    }

    @EventSourcingHandler
    void on(DeviceReEnrolled event) {
        managementMode = null;
        userId = event.userId();
        userEnrollment = false;
        method = event.method();
        status = statusAfter(event);
        cancelled = false;
        profile = new CurrentProfile();
        certificate = new IdentityCertificate();
        sealedBootstrapToken = null;
        awaitingConfiguration = false;
        nudgesSent = 0;
        knownHardware(event.identity());
    }

    @EventSourcingHandler
    void on(EnrollmentNudgeSent event) {
        nudgesSent = event.attempt();
    }

    @EventSourcingHandler
    void on(EnrollmentNudgesStopped event) {
        nudgesSent = 0;
    }

    private void knownHardware(HardwareIdentity identity) {
        if (identity != null) {
            udid = identity.udid() != null ? identity.udid() : udid;
            serialNumber = identity.serialNumber() != null ? identity.serialNumber() : serialNumber;
        }
    }

    @EventSourcingHandler
    void on(DeviceAuthenticated event) {
        userEnrollment = event.udid() == null && event.enrollmentId() != null;
        profile.installed();
        udid = event.udid() != null ? event.udid() : udid;
        serialNumber = event.serialNumber() != null ? event.serialNumber() : serialNumber;
    }

    @EventSourcingHandler
    void on(MdmPushTokenUpdated event) {
        if (event.userGuid() == null) {
            awaitingConfiguration = event.awaitingConfiguration();
        }
    }

    @EventSourcingHandler
    void on(DeviceUserChannelEnrolled event) {
        enrolledUserChannels.add(event.userGuid());
    }

    @EventSourcingHandler
    void on(DeviceCheckedOut event) {
        status = statusAfter(event);
    }

    @EventSourcingHandler
    void on(DeviceRetired event) {
        status = statusAfter(event);
        cancelled = false;
    }

    @EventSourcingHandler
    void on(DeviceWiped event) {
        status = statusAfter(event);
    }

    @EventSourcingHandler
    void on(DeviceReset event) {
        status = statusAfter(event);
    }

    @EventSourcingHandler
    void on(DeviceDeleted event) {
        status = statusAfter(event);
        cancelled = false;
    }

    @EventSourcingHandler
    void on(DeviceEntrySuperseded event) {
        status = statusAfter(event);
    }

    @EventSourcingHandler
    void on(BootstrapTokenEscrowed event) {
        sealedBootstrapToken = event.sealedToken();
    }

    @EventSourcingHandler
    void on(IdentityCertificateRenewalRequested event) {
        certificate.renewalRequested(event.challengeHash(), event.validUntil());
    }

    @EventSourcingHandler
    void on(DeviceActionRequested event) {
        status = statusAfter(event);
    }

    @EventSourcingHandler
    void on(DeviceActionReverted event) {
        status = statusAfter(event);
    }

    /** The status after {@code event}, as {@link DeviceStatus#after} decides for every copy of the status. */
    private DeviceStatus statusAfter(Object event) {
        return DeviceStatus.after(event).orElse(status);
    }
}
