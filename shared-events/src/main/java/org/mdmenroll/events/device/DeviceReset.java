package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An admin reset the device; it stays active on the server until its next registration (RESET). */
@Revision("1")
public record DeviceReset(DeviceId deviceId, TenantId tenantId) implements DeviceEvent, TenantEvent {
}
