package org.mdmenroll.command.credential;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A credential's expiry as its aggregate keeps it: the current date, the warnings already given
 * for it, and whether it passed. The saga's warnings and expiry are recorded once per date; one
 * made for an earlier date (before a renewal) is stale. Changed only by the aggregate's
 * event-sourcing handlers.
 */
final class CredentialExpiry {

    private Instant expiresAt;
    private boolean expired;
    private final Set<Integer> warned = new HashSet<>();

    Instant expiresAt() {
        return expiresAt;
    }

    /** A warning {@code daysLeft} before {@code forExpiry} is due: for the current date, not given yet. */
    boolean warningDue(Instant forExpiry, int daysLeft) {
        return forExpiry.equals(expiresAt) && !expired && !warned.contains(daysLeft);
    }

    /** Past its date, or recorded expired: whatever depends on the credential is refused until renewal. */
    boolean passed(Instant now) {
        return expired || expiresAt != null && !now.isBefore(expiresAt);
    }

    boolean expiryDue(Instant forExpiry) {
        return forExpiry.equals(expiresAt) && !expired;
    }

    void renewedUntil(Instant newExpiry) {
        expiresAt = newExpiry;
        expired = false;
        warned.clear();
    }

    void warned(int daysLeft) {
        warned.add(daysLeft);
    }

    void expired() {
        expired = true;
    }
}
