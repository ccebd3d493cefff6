package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device answered SecurityInfo. */
@Revision("1")
public record SecurityInfoReported(DeviceId deviceId, TenantId tenantId, String commandUuid, DeviceSecurity security) implements DeviceEvent, TenantEvent {
}
