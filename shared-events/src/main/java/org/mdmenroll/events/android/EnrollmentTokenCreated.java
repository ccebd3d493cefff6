package org.mdmenroll.events.android;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;

import java.time.Instant;

/** An admin created an Android enrollment token (one-time or multi-use, for a user or not); the token is kept as SHA-256 hash and sealed. */
@Revision("1")
public record EnrollmentTokenCreated(EnrollmentTokenId enrollmentTokenId, TenantId tenantId, UserId userId, String tokenHash, String sealedToken, boolean oneTime, Instant expiresAt) implements EnrollmentTokenEvent, TenantEvent, UserEvent {
}
