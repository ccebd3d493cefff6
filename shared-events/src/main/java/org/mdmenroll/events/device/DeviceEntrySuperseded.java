package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A newer entry of the same hardware became active, so this one is INACTIVE. */
@Revision("1")
public record DeviceEntrySuperseded(DeviceId deviceId, TenantId tenantId, DeviceId supersededBy) implements DeviceEvent, TenantEvent {
}
