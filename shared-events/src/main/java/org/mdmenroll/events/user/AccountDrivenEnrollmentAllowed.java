package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** The user may enroll by Apple account-driven enrollment with this Managed Apple ID of the tenant's domain. */
@Revision("1")
public record AccountDrivenEnrollmentAllowed(UserId userId, TenantId tenantId, String managedAppleId) implements UserEvent, TenantEvent {
}
