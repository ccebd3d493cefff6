package org.mdmenroll.command.device;

import org.mdmenroll.events.device.IdentityCertificateRefusal;

import java.time.Instant;

/**
 * A device entry's current identity certificate as {@link Device} keeps it (SHA-256 fingerprint and
 * expiry), and the renewal under way: the one-time challenge of the renewal profile sent before it
 * expires, and until when that challenge is good. Changed only by the aggregate's event-sourcing handlers.
 */
final class IdentityCertificate {

    private String fingerprint;
    private Instant notAfter;
    private String renewalChallengeHash;
    private Instant renewalValidUntil;

    boolean isCurrent(String presentedFingerprint) {
        return fingerprint != null && fingerprint.equals(presentedFingerprint);
    }

    Instant notAfter() {
        return notAfter;
    }

    /** Why SCEP with {@code presentedHash} gets an enrolled device no renewed certificate at {@code now}; null when it gets one. */
    IdentityCertificateRefusal renewalRefusal(String presentedHash, Instant now) {
        if (renewalChallengeHash == null) {
            return IdentityCertificateRefusal.DEVICE_NOT_ENROLLING;
        }
        if (!renewalChallengeHash.equals(presentedHash)) {
            return IdentityCertificateRefusal.CHALLENGE_REPLACED;
        }
        return now.isBefore(renewalValidUntil) ? null : IdentityCertificateRefusal.PROFILE_EXPIRED;
    }

    /** A new certificate is the current one; a renewal challenge is good for one certificate. */
    void issued(String newFingerprint, Instant newNotAfter) {
        fingerprint = newFingerprint;
        notAfter = newNotAfter;
        renewalChallengeHash = null;
        renewalValidUntil = null;
    }

    void renewalRequested(String challengeHash, Instant validUntil) {
        renewalChallengeHash = challengeHash;
        renewalValidUntil = validUntil;
    }
}
