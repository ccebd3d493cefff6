package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * An admin asked to wipe or retire the device: the command is queued and the entry is WIPE_PENDING or
 * RETIRE_PENDING until the device answers; {@code previousStatus} is where it returns if the action fails or is cancelled.
 */
@Revision("1")
public record DeviceActionRequested(DeviceId deviceId, TenantId tenantId, String commandUuid, DeviceAction action,
                                    DeviceStatus previousStatus) implements DeviceEvent, TenantEvent {
}
