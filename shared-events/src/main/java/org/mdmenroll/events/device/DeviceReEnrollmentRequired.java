package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device must re-enroll to stay managed (e.g. the tenant's MDM push topic changed); it stays as it is until then. */
@Revision("1")
public record DeviceReEnrollmentRequired(DeviceId deviceId, TenantId tenantId, String reason) implements DeviceEvent, TenantEvent {
}
