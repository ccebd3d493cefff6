package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * A pending wipe or retire did not happen: the device answered with an error (FAILED, {@code detail} its
 * description) or an admin cancelled it before delivery (CANCELLED). The entry is back in {@code restoredStatus}.
 */
@Revision("1")
public record DeviceActionReverted(DeviceId deviceId, TenantId tenantId, String commandUuid, DeviceAction action,
                                   Reason reason, DeviceStatus restoredStatus, String detail) implements DeviceEvent, TenantEvent {

    public enum Reason { FAILED, CANCELLED }
}
