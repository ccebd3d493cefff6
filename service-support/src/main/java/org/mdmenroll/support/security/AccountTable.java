package org.mdmenroll.support.security;

import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.Optional;

/**
 * The service's own {@code account} table (the command side's lookup table, the query side's
 * projection), written from the same account events on both sides so one set of credentials works
 * on both services, and read by HTTP Basic.
 */
public class AccountTable implements UserDetailsService {

    private final JdbcClient jdbc;
    private final String table;

    public AccountTable(JdbcClient jdbc) {
        this(jdbc, "account");
    }

    /** The same rows in another table of the same shape (the query side rebuilds into {@code account_rebuild}). */
    public AccountTable(JdbcClient jdbc, String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
    }

    public String table() {
        return table;
    }

    public Optional<AccountPrincipal> findByUsername(String username) {
        return jdbc.sql("select account_id, username, role, tenant_id, password_hash from " + table + " where username = ?")
                .param(username)
                .query((rs, row) -> new AccountPrincipal(
                        AccountId.of(rs.getString("account_id")),
                        rs.getString("username"),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("tenant_id") == null ? null : TenantId.of(rs.getString("tenant_id")),
                        rs.getString("password_hash")))
                .optional();
    }

    @Override
    public AccountPrincipal loadUserByUsername(String username) {
        return findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("unknown account"));
    }

    /** Idempotent for replays; another account with the same username still violates the unique key. */
    public void add(AccountCreated event) {
        jdbc.sql("""
                        insert into %s (account_id, username, role, tenant_id, password_hash)
                        values (?, ?, ?, ?, ?) on conflict (account_id) do nothing""".formatted(table))
                .params(event.accountId().value(), event.username(), event.role().name(),
                        event.tenantId() == null ? null : event.tenantId().value(), event.passwordHash())
                .update();
    }

    public void change(AccountPasswordChanged event) {
        jdbc.sql("update " + table + " set password_hash = ? where account_id = ?")
                .params(event.passwordHash(), event.accountId().value())
                .update();
    }

    public boolean anyOperator() {
        return jdbc.sql("select count(*) from " + table + " where role = 'OPERATOR'").query(Integer.class).single() > 0;
    }

    public void clear() {
        jdbc.sql("delete from " + table).update();
    }
}
