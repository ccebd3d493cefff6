package org.mdmenroll.events.tenant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** The tenant now answers Apple's account-driven enrollment discovery. */
@Revision("1")
public record AccountDrivenEnrollmentEnabled(TenantId tenantId) implements TenantEvent {
}
