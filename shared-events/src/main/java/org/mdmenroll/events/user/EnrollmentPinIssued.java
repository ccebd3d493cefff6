package org.mdmenroll.events.user;

import java.time.Instant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** A one-time enrollment PIN was issued (only its hash is kept); it replaces any earlier PIN of the user. */
@Revision("1")
public record EnrollmentPinIssued(UserId userId, TenantId tenantId, String pinHash, Instant expiresAt, int maxAttempts) implements UserEvent, TenantEvent {
}
