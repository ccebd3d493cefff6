package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The command will not be delivered: an admin cancelled it before the device received it, or the entry left management. */
@Revision("1")
public record MdmCommandCancelled(DeviceId deviceId, TenantId tenantId, String commandUuid, String requestType,
                                  Reason reason) implements DeviceEvent, TenantEvent {

    public enum Reason { ADMIN, LEFT_MANAGEMENT }
}
