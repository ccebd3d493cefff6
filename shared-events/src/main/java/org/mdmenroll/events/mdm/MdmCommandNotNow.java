package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device cannot carry the command out now (locked, say): it stays queued and is sent again when the device next polls. */
@Revision("1")
public record MdmCommandNotNow(DeviceId deviceId, TenantId tenantId, String commandUuid, String requestType) implements DeviceEvent, TenantEvent {
}
