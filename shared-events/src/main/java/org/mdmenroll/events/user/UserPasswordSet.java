package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** The user's password was set or replaced; the password is a bcrypt hash. */
@Revision("1")
public record UserPasswordSet(UserId userId, TenantId tenantId, String passwordHash) implements UserEvent, TenantEvent {
}
