package org.mdmenroll.command.account;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The command side's {@code account} table: unique usernames, and what HTTP Basic authenticates
 * against on this service. Updated in the transaction that stores the account's events.
 */
@Component
@ProcessingGroup("account-directory")
public class AccountDirectory {

    private final JdbcClient jdbc;

    public AccountDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record AccountEntry(AccountId accountId, String username, Role role, String passwordHash) {
    }

    public Optional<AccountEntry> findByUsername(String username) {
        return jdbc.sql("select account_id, username, role, password_hash from account where username = ?")
                .param(username)
                .query((rs, row) -> new AccountEntry(new AccountId(rs.getObject("account_id", UUID.class)),
                        rs.getString("username"), Role.valueOf(rs.getString("role")), rs.getString("password_hash")))
                .optional();
    }

    public boolean anyOperator() {
        return jdbc.sql("select count(*) from account where role = 'OPERATOR'").query(Integer.class).single() > 0;
    }

    @EventHandler
    void on(AccountCreated event) {
        jdbc.sql("insert into account (account_id, username, role, tenant_id, password_hash) values (?, ?, ?, ?, ?)")
                .params(event.accountId().value(), event.username(), event.role().name(),
                        event.tenantId() == null ? null : event.tenantId().value(), event.passwordHash())
                .update();
    }

    @EventHandler
    void on(AccountPasswordChanged event) {
        jdbc.sql("update account set password_hash = ? where account_id = ?")
                .params(event.passwordHash(), event.accountId().value())
                .update();
    }
}
