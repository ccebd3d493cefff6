package org.mdmenroll.support.security;

import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Finds accounts in the service's own {@code account} table: the command side's lookup table or
 * the query side's projection, both fed by the same account events, so one set of credentials
 * works on both services.
 */
public class JdbcAccountDetailsService implements UserDetailsService {

    private final JdbcClient jdbc;

    public JdbcAccountDetailsService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select account_id, username, role, tenant_id, password_hash from account where username = ?")
                .param(username)
                .query((rs, row) -> new AccountPrincipal(
                        AccountId.of(rs.getString("account_id")),
                        rs.getString("username"),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("tenant_id") == null ? null : TenantId.of(rs.getString("tenant_id")),
                        rs.getString("password_hash")))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
    }
}
