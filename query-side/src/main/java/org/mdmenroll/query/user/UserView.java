package org.mdmenroll.query.user;

import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;

import java.time.Instant;

/**
 * A user as admins see it, with the time of each step. {@code accountDrivenMode}: the user's own
 * account-driven enrollment mode (DEVICE or USER), null when the tenant's applies.
 */
public record UserView(UserId userId, TenantId tenantId, String email, String displayName, String source,
                       String ldapDn, UserStatus status, Instant createdAt, Instant updatedAt, Instant invitedAt,
                       Instant invitationExpiresAt, Instant pinIssuedAt, Instant pinExpiresAt, int pinFailedAttempts,
                       Instant pinAcceptedAt, Instant lockedOutAt, Instant passwordSetAt, Instant lastLoginAt,
                       boolean accountDrivenEnrollmentAllowed, String managedAppleId,
                       Instant accountDrivenAllowedAt, String accountDrivenMode) {
}
