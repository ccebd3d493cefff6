package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.axonframework.serialization.Revision;

/**
 * The user may enroll by Apple account-driven enrollment with this Managed Apple ID of the tenant's domain, in this
 * mode; null (always so in revision 1) means the tenant's mode.
 */
@Revision("2")
public record AccountDrivenEnrollmentAllowed(UserId userId, TenantId tenantId, String managedAppleId, AccountDrivenEnrollmentMode mode) implements UserEvent, TenantEvent {
}
