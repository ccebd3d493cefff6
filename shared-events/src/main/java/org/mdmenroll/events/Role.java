package org.mdmenroll.events;

/** What an account may do: operators create tenants; admins and auditors belong to one tenant. */
public enum Role {
    OPERATOR,
    ADMIN,
    AUDITOR;

    public boolean isTenantBound() {
        return this != OPERATOR;
    }
}
