package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * The device connected to the command channel with nothing to report (Status Idle). Recorded at most
 * once per connect-record interval per channel, so a device's last contact is known without one event per poll.
 */
@Revision("1")
public record DeviceConnected(DeviceId deviceId, TenantId tenantId, MdmChannel channel) implements DeviceEvent, TenantEvent {
}
