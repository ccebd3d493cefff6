package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

import java.util.Map;

/** The device carried the command out (Status Acknowledged); {@code result} summarises what it answered. */
@Revision("1")
public record MdmCommandAcknowledged(DeviceId deviceId, TenantId tenantId, String commandUuid, String requestType,
                                     Map<String, String> result) implements DeviceEvent, TenantEvent {
}
