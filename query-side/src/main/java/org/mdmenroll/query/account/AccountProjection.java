package org.mdmenroll.query.account;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.support.security.AccountTable;
import org.springframework.stereotype.Component;

/**
 * The accounts this service authenticates (the same credentials as the command side), projected
 * from the account events so no table is shared between the services.
 */
@Component
@ProcessingGroup("accounts")
public class AccountProjection {

    private final AccountTable accounts;

    public AccountProjection(AccountTable accounts) {
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

    @ResetHandler
    void reset() {
        accounts.clear();
    }
}
