package org.mdmenroll.events.device;

/** Why a SCEP request for a device's identity certificate was refused. */
public enum IdentityCertificateRefusal {
    /** The profile carrying the challenge passed its validity before the device asked. */
    PROFILE_EXPIRED,
    /** The challenge already got a certificate: it is good for one. */
    CHALLENGE_REUSED,
    /** The challenge belongs to an earlier download; a newer profile replaced it. */
    CHALLENGE_REPLACED,
    /** The entry is no longer enrolling (retired, wiped, deleted ...) or not yet enrolled (renewal). */
    DEVICE_NOT_ENROLLING,
    /** A renewal signed with a certificate that is no longer the device's current one. */
    CERTIFICATE_REPLACED
}
