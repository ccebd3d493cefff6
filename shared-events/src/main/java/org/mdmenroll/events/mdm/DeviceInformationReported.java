package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device answered DeviceInformation (or the Android agent its information command): its inventory. */
@Revision("1")
public record DeviceInformationReported(DeviceId deviceId, TenantId tenantId, String commandUuid,
                                        DeviceInventory inventory) implements DeviceEvent, TenantEvent {
}
