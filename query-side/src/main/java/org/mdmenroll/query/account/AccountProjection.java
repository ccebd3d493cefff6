package org.mdmenroll.query.account;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The accounts this service authenticates (HTTP Basic, the same credentials as the command side):
 * projected from the account events, so no table is shared between the services.
 */
@Component
@ProcessingGroup("accounts")
public class AccountProjection {

    private final JdbcClient jdbc;

    public AccountProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountCreated event) {
        jdbc.sql("""
                        insert into account (account_id, username, role, tenant_id, password_hash)
                        values (?, ?, ?, ?, ?) on conflict (account_id) do nothing""")
                .params(event.accountId().value(), event.username(), event.role().name(),
                        event.tenantId() == null ? null : event.tenantId().value(), event.passwordHash())
                .update();
    }

    @EventHandler
    void on(AccountPasswordChanged event) {
        jdbc.sql("update account set password_hash = ? where account_id = ?")
                .params(event.passwordHash(), event.accountId().value()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from account").update();
    }
}
