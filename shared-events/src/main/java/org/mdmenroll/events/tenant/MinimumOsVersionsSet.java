package org.mdmenroll.events.tenant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The lowest iOS and macOS versions an Automated Device Enrollment may start on; null: no minimum for that platform. */
@Revision("1")
public record MinimumOsVersionsSet(TenantId tenantId, String ios, String macos) implements TenantEvent {
}
