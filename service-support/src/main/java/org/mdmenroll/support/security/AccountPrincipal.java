package org.mdmenroll.support.security;

import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;

/** An authenticated operator, admin or auditor; admins and auditors carry their one tenant. */
public final class AccountPrincipal implements UserDetails, CredentialsContainer {

    private final AccountId accountId;
    private final String username;
    private final Role role;
    private final TenantId tenantId;
    private String passwordHash;

    public AccountPrincipal(AccountId accountId, String username, Role role, TenantId tenantId, String passwordHash) {
        this.accountId = accountId;
        this.username = username;
        this.role = role;
        this.tenantId = tenantId;
        this.passwordHash = passwordHash;
    }

    public AccountId accountId() {
        return accountId;
    }

    public Role role() {
        return role;
    }

    /** The tenant every request of this account is confined to. */
    public TenantId tenantId() {
        if (tenantId == null) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", "This account does not belong to a tenant.");
        }
        return tenantId;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
