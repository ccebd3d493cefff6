package org.mdmenroll.events.user;

import java.time.Instant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** The user logged in on a device; the session token is kept as a SHA-256 hash only. */
@Revision("1")
public record EnrollmentSessionStarted(UserId userId, TenantId tenantId, String sessionTokenHash, Instant expiresAt, boolean mustSetPassword) implements UserEvent, TenantEvent {
}
