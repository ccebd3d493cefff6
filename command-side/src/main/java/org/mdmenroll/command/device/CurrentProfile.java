package org.mdmenroll.command.device;

import org.mdmenroll.events.device.IdentityCertificateRefusal;

import java.time.Instant;
import java.util.UUID;

/**
 * A device entry's enrollment profile as {@link Device} keeps it: the one downloaded last, until
 * when it is valid, whether its expiry was recorded, its one-time SCEP challenge (SHA-256) and
 * whether that got its certificate, and whether the device installed it (authenticated at
 * check-in). Changed only by the aggregate's event-sourcing handlers; a re-enrollment starts anew.
 */
final class CurrentProfile {

    private UUID profileId;
    private Instant validUntil;
    private boolean expired;
    private String challengeHash;
    private boolean challengeUsed;
    private boolean installed;

    UUID profileId() {
        return profileId;
    }

    boolean isDownloaded() {
        return profileId != null;
    }

    boolean isInstalled() {
        return installed;
    }

    /** Its expiry was recorded: no new profile is downloaded for this enrollment, it starts again. */
    boolean isExpired() {
        return expired;
    }

    /** The expiry deadline of {@code deadlineProfileId} is due: it is this profile, not installed, not expired yet. */
    boolean expiryDue(UUID deadlineProfileId) {
        return deadlineProfileId.equals(profileId) && !expired && !installed;
    }

    /** Not installed, and its expiry recorded or its validity over at {@code now}: it no longer enrolls. */
    boolean expiredBeforeInstall(Instant now) {
        return !installed && (expired || !now.isBefore(validUntil));
    }

    /** Why SCEP with {@code presentedHash} gets no certificate at {@code now}; null when it gets one. */
    IdentityCertificateRefusal challengeRefusal(String presentedHash, Instant now) {
        if (challengeHash == null || !challengeHash.equals(presentedHash)) {
            return IdentityCertificateRefusal.CHALLENGE_REPLACED;
        }
        if (challengeUsed) {
            return IdentityCertificateRefusal.CHALLENGE_REUSED;
        }
        if (expired || !now.isBefore(validUntil)) {
            return IdentityCertificateRefusal.PROFILE_EXPIRED;
        }
        return null;
    }

    /** A new download replaces the profile and its challenge; an installation already done stays. */
    void downloaded(UUID newProfileId, Instant newValidUntil, String newChallengeHash) {
        profileId = newProfileId;
        validUntil = newValidUntil;
        expired = false;
        challengeHash = newChallengeHash;
        challengeUsed = false;
    }

    /** A renewal uses no challenge. */
    void certificateIssued(boolean renewal) {
        challengeUsed = challengeUsed || !renewal;
    }

    void expired() {
        expired = true;
    }

    void installed() {
        installed = true;
    }
}
