package org.mdmenroll.events.tenant;

import java.time.Duration;

/**
 * How a tenant enrolls devices: PIN policy, how long a downloaded profile stays valid, how often
 * and how many times an incomplete enrollment is nudged, and how long an invitation lasts.
 */
public record EnrollmentSettings(
        boolean requirePin,
        int pinLength,
        Duration pinTtl,
        int maxPinAttempts,
        Duration profileValidity,
        Duration nudgeInterval,
        int nudgeMaxCount,
        Duration invitationValidity) {

    /** A new tenant's settings; profiles are valid for 5 minutes as in the vendor documentation. */
    public static final EnrollmentSettings DEFAULTS = new EnrollmentSettings(
            false, 6, Duration.ofDays(7), 5, Duration.ofMinutes(5), Duration.ofHours(4), 6, Duration.ofDays(7));
}
