package org.mdmenroll.events.tenant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** The tenant now answers Apple's account-driven enrollment discovery, offering this mode (null in revision 1: USER). */
@Revision("2")
public record AccountDrivenEnrollmentEnabled(TenantId tenantId, AccountDrivenEnrollmentMode mode) implements TenantEvent {
}
