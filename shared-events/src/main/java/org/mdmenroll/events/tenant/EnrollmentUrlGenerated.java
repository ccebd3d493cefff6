package org.mdmenroll.events.tenant;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.axonframework.serialization.Revision;

/** A new enrollment URL version was generated; URLs of every older version are refused from now on. */
@Revision("1")
public record EnrollmentUrlGenerated(TenantId tenantId, int version, String url) implements TenantEvent {
}
