package org.mdmenroll.command.apple.profile;

import org.mdmenroll.command.apple.pki.ScepChallenges;
import org.mdmenroll.command.apple.pki.TenantPki;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.Profile;
import org.mdmenroll.command.device.DeviceDirectory;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.push.PushCertificates;
import org.mdmenroll.command.device.RenewalProfiles;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.command.user.UserDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Service;

import java.util.UUID;

/**
 * One download of a device's signed enrollment profile: records it on the entry (which checks the
 * entry may have one) with the hash of a fresh one-time SCEP challenge, valid as long as the
 * profile, and answers the profile signed with the tenant's profile-signing certificate.
 */
@Service
public class ProfileDownloads implements RenewalProfiles {

    private final DeviceEnrollments enrollments;
    private final DeviceDirectory devices;
    private final PushCertificates pushCertificates;
    private final UserDirectory users;
    private final TenantPki pki;
    private final PublicUrls urls;
    private final TenantDirectory tenants;

    public ProfileDownloads(DeviceEnrollments enrollments, DeviceDirectory devices, PushCertificates pushCertificates,
            UserDirectory users, TenantPki pki, PublicUrls urls, TenantDirectory tenants) {
        this.enrollments = enrollments;
        this.devices = devices;
        this.pushCertificates = pushCertificates;
        this.users = users;
        this.pki = pki;
        this.urls = urls;
        this.tenants = tenants;
    }

    /**
     * The signed profile ({@code application/x-apple-aspen-config}) for the tenant's device entry.
     * {@code mode} is null but for account-driven enrollment, whose profile names the user's Managed Apple ID.
     * Refused without an installed push certificate (409 {@code no-push-certificate}): devices could
     * never be reached.
     */
    public byte[] download(TenantEntry tenant, DeviceId deviceId, UserId userId, AccountDrivenMode mode) {
        Platform platform = devices.requireInTenant(tenant.tenantId(), deviceId).platform();
        String topic = requireTopic(tenant);
        String managedAppleId = mode == null ? null : users.managedAppleId(userId).orElseThrow(() -> new Refusal(
                Refusal.Kind.FORBIDDEN, "account-driven-enrollment-not-allowed",
                "This user may not enroll devices through account-driven enrollment."));
        // The signer first: a download is recorded only when its profile can be signed.
        TenantPki.Signer signer = pki.profileSigner(tenant.tenantId());
        String challenge = ScepChallenges.newChallenge();
        Profile profile = enrollments.send(tenant.tenantId(), deviceId,
                new DownloadProfile(deviceId, tenant.settings().profileValidity(), ScepChallenges.hash(challenge)));
        return signed(tenant, deviceId, platform, profile.profileId(), challenge, topic, mode, managedAppleId, signer);
    }

    /**
     * The profile that renews an enrolled device's identity certificate: the same payloads as its
     * enrollment profile (an account-driven one with the user's Managed Apple ID and mode), with a
     * one-time challenge of its own, sent to the device as InstallProfile (nothing is recorded here;
     * the entry records the renewal when it queues the command).
     */
    @Override
    public RenewalProfile renewalProfile(TenantId tenantId, DeviceId deviceId, UserId userId, Platform platform,
            Enrollment enrollment) {
        TenantEntry tenant = tenants.require(tenantId);
        AccountDrivenMode mode = switch (enrollment) {
            case DEVICE -> null;
            case ACCOUNT_DRIVEN_DEVICE -> AccountDrivenMode.ADDE;
            case ACCOUNT_DRIVEN_USER -> AccountDrivenMode.BYOD;
        };
        String managedAppleId = mode == null ? null : users.managedAppleId(userId).orElseThrow(() -> Refusal.conflict(
                "account-driven-enrollment-not-allowed", "The user may no longer use account-driven enrollment, so "
                        + "the device's identity certificate cannot be renewed with their Managed Apple ID."));
        String challenge = ScepChallenges.newChallenge();
        UUID profileId = UUID.randomUUID();
        byte[] profile = signed(tenant, deviceId, platform, profileId, challenge, requireTopic(tenant), mode,
                managedAppleId, pki.profileSigner(tenantId));
        return new RenewalProfile(profile, profileId, ScepChallenges.hash(challenge));
    }

    private String requireTopic(TenantEntry tenant) {
        return pushCertificates.topicOf(tenant.tenantId()).orElseThrow(() -> Refusal.conflict(
                "no-push-certificate", "The organisation has no MDM push certificate installed yet; an admin "
                        + "uploads it first (POST /api/apple/push-certificate)."));
    }

    private byte[] signed(TenantEntry tenant, DeviceId deviceId, Platform platform, UUID profileId, String challenge,
            String topic, AccountDrivenMode mode, String managedAppleId, TenantPki.Signer signer) {
        byte[] plist = EnrollmentProfile.plist(new EnrollmentProfile.Content(
                EnrollmentProfile.identifier(tenant.hostDomain()), tenant.name(), deviceId.toString(), platform,
                profileId, urls.tenantPath(tenant, "/scep"), challenge,
                urls.tenantPath(tenant, "/mdm/server"), urls.tenantPath(tenant, "/mdm/checkin"), topic, mode,
                managedAppleId));
        return ProfileSigning.sign(plist, signer);
    }
}
