package org.mdmenroll.events.tenant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** An admin changed the tenant's enrollment settings; the record holds all of them as now in force. */
@Revision("1")
public record EnrollmentSettingsChanged(TenantId tenantId, EnrollmentSettings settings) implements TenantEvent {
}
