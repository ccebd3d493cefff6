package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device reported a result for a command this entry never queued or that was already answered; recorded once, otherwise ignored. */
@Revision("1")
public record MdmUnexpectedResult(DeviceId deviceId, TenantId tenantId, String commandUuid, String status) implements DeviceEvent, TenantEvent {
}
