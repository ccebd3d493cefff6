package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A macOS user's channel enrolled (first user TokenUpdate): the enrolled user for user-level management. */
@Revision("1")
public record DeviceUserChannelEnrolled(DeviceId deviceId, TenantId tenantId, String userGuid, String userShortName,
                                        String userLongName) implements DeviceEvent, TenantEvent {
}
