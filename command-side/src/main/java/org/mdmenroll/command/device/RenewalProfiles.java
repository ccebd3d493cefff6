package org.mdmenroll.command.device;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.Platform;

import java.util.UUID;

/**
 * Makes the signed profile that renews an enrolled device's identity certificate: the payloads of
 * its enrollment profile with a one-time challenge of its own. The {@link Device} aggregate, which
 * knows how the entry enrolled, asks this port; the profile's plist and signature are the Apple
 * profile package's.
 */
public interface RenewalProfiles {

    /** How the entry enrolled, which decides the profile's MDM payload. */
    enum Enrollment {
        /** Profile-based or ADE: the full device profile. */
        DEVICE,
        /** Account-driven device enrollment (ADDE): the user's Managed Apple ID, device access. */
        ACCOUNT_DRIVEN_DEVICE,
        /** Account-driven user enrollment (BYOD): the user's Managed Apple ID, the managed partition only. */
        ACCOUNT_DRIVEN_USER
    }

    /** A signed renewal profile, its PayloadUUID and the SHA-256 of its challenge (the challenge itself is only inside). */
    record RenewalProfile(byte[] profile, UUID profileId, String challengeHash) {
        @Override
        public String toString() {
            return "RenewalProfile[" + profileId + ", " + profile.length + " bytes]";
        }
    }

    /** Refuses (409) when the tenant has no push certificate or the user may no longer use account-driven enrollment. */
    RenewalProfile renewalProfile(TenantId tenantId, DeviceId deviceId, UserId userId, Platform platform,
                                  Enrollment enrollment);
}
