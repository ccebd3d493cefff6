package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** An admin created a local user of the tenant. */
@Revision("1")
public record LocalUserCreated(UserId userId, TenantId tenantId, String email, String displayName) implements UserEvent, TenantEvent {
}
