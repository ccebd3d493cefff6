package org.mdmenroll.command.account;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.support.security.AccountTable;
import org.springframework.stereotype.Component;

/**
 * Keeps the command side's {@code account} table (unique usernames, what HTTP Basic checks here)
 * in the transaction that stores the account's events.
 */
@Component
@ProcessingGroup("account-directory")
public class AccountDirectory {

    private final AccountTable accounts;

    public AccountDirectory(AccountTable accounts) {
        this.accounts = accounts;
    }

    @EventHandler
    void on(AccountCreated event) {
        accounts.add(event);
    }

    @EventHandler
    void on(AccountPasswordChanged event) {
        accounts.change(event);
    }
}
