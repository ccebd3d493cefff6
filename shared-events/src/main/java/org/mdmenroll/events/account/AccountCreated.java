package org.mdmenroll.events.account;

import org.mdmenroll.events.AccountEvent;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** An operator, admin or auditor account was created; the password is a bcrypt hash, the tenant null for operators. */
@Revision("1")
public record AccountCreated(AccountId accountId, String username, Role role, TenantId tenantId, String passwordHash) implements AccountEvent, TenantEvent {
}
