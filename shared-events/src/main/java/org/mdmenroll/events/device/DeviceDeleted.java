package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An admin deleted the entry: gone from lists, its history kept (DELETED). */
@Revision("1")
public record DeviceDeleted(DeviceId deviceId, TenantId tenantId) implements DeviceEvent, TenantEvent {
}
