package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** An already imported directory user was imported again with a changed email or display name. */
@Revision("1")
public record LdapUserUpdated(UserId userId, TenantId tenantId, String distinguishedName, String email, String displayName) implements UserEvent, TenantEvent {
}
