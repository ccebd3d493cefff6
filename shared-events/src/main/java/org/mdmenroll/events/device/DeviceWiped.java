package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An admin wiped the device (WIPED). */
@Revision("1")
public record DeviceWiped(DeviceId deviceId, TenantId tenantId) implements DeviceEvent, TenantEvent {
}
