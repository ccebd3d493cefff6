package org.mdmenroll.events.tenant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** A tenant was created with its slug, host domain and initial enrollment settings. */
@Revision("1")
public record TenantCreated(TenantId tenantId, String slug, String name, String hostDomain, EnrollmentSettings settings) implements TenantEvent {
}
