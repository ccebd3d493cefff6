package org.mdmenroll.events.user;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;

import java.time.Instant;

/** The self-service portal showed the user a QR code with a one-time login for the enrollment app (SHA-256 hash only); it replaces any earlier one. */
@Revision("1")
public record QrLoginIssued(UserId userId, TenantId tenantId, String tokenHash, Instant expiresAt) implements UserEvent, TenantEvent {
}
