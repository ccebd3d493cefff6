package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;

/** The same entry starts enrolling again (PENDING): iOS re-enrolling from the app, or Android 9 or older registering again. */
@Revision("1")
public record DeviceReEnrolled(DeviceId deviceId, TenantId tenantId, UserId userId, String osVersion, EnrollmentMethod method, HardwareIdentity identity, PushChannel pushChannel) implements DeviceEvent, TenantEvent, UserEvent {
}
