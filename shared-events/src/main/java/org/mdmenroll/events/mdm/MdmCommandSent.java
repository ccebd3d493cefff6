package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The command was handed to the device on one of its connections; {@code attempt} counts deliveries (a command never answered is sent again). */
@Revision("1")
public record MdmCommandSent(DeviceId deviceId, TenantId tenantId, String commandUuid, String requestType, int attempt) implements DeviceEvent, TenantEvent {
}
