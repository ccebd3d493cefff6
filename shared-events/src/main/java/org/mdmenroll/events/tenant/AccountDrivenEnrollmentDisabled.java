package org.mdmenroll.events.tenant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** The tenant no longer answers Apple's account-driven enrollment discovery. */
@Revision("1")
public record AccountDrivenEnrollmentDisabled(TenantId tenantId) implements TenantEvent {
}
