package org.mdmenroll.events.account;

import org.mdmenroll.events.AccountEvent;
import org.mdmenroll.events.AccountId;
import org.axonframework.serialization.Revision;

/** An account's password was replaced; the password is a bcrypt hash. */
@Revision("1")
public record AccountPasswordChanged(AccountId accountId, String passwordHash) implements AccountEvent {
}
