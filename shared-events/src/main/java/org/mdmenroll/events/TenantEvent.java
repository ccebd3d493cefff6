package org.mdmenroll.events;

/** An event of one tenant: handled in the tenant's order and audited in its trail (tenantId null only for an operator). */
public interface TenantEvent {

    TenantId tenantId();
}
