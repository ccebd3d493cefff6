package org.mdmenroll.command.nudge;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;

import java.time.Duration;
import java.util.Optional;

/** What the nudge saga looks up when it starts: the tenant's nudge settings and an entry's known push channel. */
public interface NudgeLookup {

    /** How often, and how many times, the tenant nudges an incomplete enrollment. */
    record Schedule(Duration interval, int maxCount) {
    }

    Schedule scheduleOf(TenantId tenantId);

    /** The entry's enrollment-app push channel, unless it has none or its token was found invalid. */
    Optional<PushChannel> channelOf(DeviceId deviceId);
}
