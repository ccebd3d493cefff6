package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** A user was imported from the tenant's directory for the first time, keyed by its distinguished name. */
@Revision("1")
public record LdapUserImported(UserId userId, TenantId tenantId, String distinguishedName, String email, String displayName) implements UserEvent, TenantEvent {
}
