package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The device completed enrollment and is managed (ACTIVE); enrolledUser is the macOS user for user-level management. */
@Revision("1")
public record DeviceEnrolled(DeviceId deviceId, TenantId tenantId, String enrolledUser, boolean accountDriven, String pushTopic) implements DeviceEvent, TenantEvent {
}
