package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** The user's account-driven enrollment role was revoked. */
@Revision("1")
public record AccountDrivenEnrollmentRevoked(UserId userId, TenantId tenantId, String managedAppleId) implements UserEvent, TenantEvent {
}
