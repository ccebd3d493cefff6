package org.mdmenroll.command.channel;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;

/** Asks the Android agent of an entry to fetch its commands (an FCM data message to its registration token). */
public interface AgentWakeUp {

    /** Refuses when the entry has no FCM token or the tenant no FCM settings; the outcome is logged, not recorded. */
    void wake(TenantId tenantId, DeviceId deviceId);
}
