package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device removed its MDM profile and told the server (INACTIVE). */
@Revision("1")
public record DeviceCheckedOut(DeviceId deviceId, TenantId tenantId) implements DeviceEvent, TenantEvent {
}
