package org.mdmenroll.command.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.Redacted;

/** What can be asked of an account. Passwords arrive already hashed. */
public final class AccountCommands {

    private AccountCommands() {
    }

    /** {@code tenantId} is null for an operator and required for admins and auditors. */
    public record CreateAccount(@TargetAggregateIdentifier AccountId accountId, String username, Role role,
                                TenantId tenantId, String passwordHash) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record ChangeAccountPassword(@TargetAggregateIdentifier AccountId accountId, String passwordHash) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }
}
