package org.mdmenroll.command.credential;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A credential's expiry, an {@code @AggregateMember} of the push certificate and the ADE and VPP
 * tokens: the current date, the warnings already given for it, and whether it passed. The saga's
 * warnings and expiry are recorded once per date; one made for an earlier date (before a renewal)
 * is stale. Changed only by event-sourcing handlers: its own for warnings and expiry, the
 * aggregate's (through {@link #renewedUntil}) for an upload or renewal.
 */
final class CredentialExpiry {

    private final CredentialKind kind;
    private Instant expiresAt;
    private boolean expired;
    private final Set<Integer> warned = new HashSet<>();

    CredentialExpiry(CredentialKind kind) {
        this.kind = kind;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    /** Past its date, or recorded expired: whatever depends on the credential is refused until renewal. */
    boolean passed(Instant now) {
        return expired || expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Records the warning {@code daysLeft} before {@code forExpiry}: for the current date, once per threshold. */
    void warn(CredentialId credentialId, TenantId tenantId, int daysLeft, Instant forExpiry) {
        if (forExpiry.equals(expiresAt) && !expired && !warned.contains(daysLeft)) {
            apply(new CredentialExpiryWarned(credentialId, tenantId, kind, daysLeft, expiresAt));
        }
    }

    /** Records the expiry due at {@code forExpiry}: for the current date, once. */
    void expire(CredentialId credentialId, TenantId tenantId, Instant forExpiry) {
        if (forExpiry.equals(expiresAt) && !expired) {
            apply(new CredentialExpired(credentialId, tenantId, kind, expiresAt));
        }
    }

    /** From the aggregate's upload and renewal handlers: a new date, with no warning given for it yet. */
    void renewedUntil(Instant newExpiry) {
        expiresAt = newExpiry;
        expired = false;
        warned.clear();
    }

    @EventSourcingHandler
    void on(CredentialExpiryWarned event) {
        warned.add(event.daysLeft());
    }

    @EventSourcingHandler
    void on(CredentialExpired event) {
        expired = true;
    }
}
