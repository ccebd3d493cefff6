package org.mdmenroll.command.channel;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.mdm.MdmChannel;

/**
 * Asks a device to fetch its commands now: an MDM push for an Apple device, an FCM data message for
 * the Android agent. Best effort: the outcome is recorded on the entry where the platform records it,
 * and a device that is not reached fetches its commands the next time it connects anyway.
 */
public interface DeviceWakeUps {

    void wake(TenantId tenantId, DeviceId deviceId, MdmChannel.Type channel);
}
