package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;

/** A user started enrolling a device: a new entry, PENDING. The push channel, if any, is where nudges go. */
@Revision("1")
public record EnrollmentStarted(DeviceId deviceId, TenantId tenantId, UserId userId, Platform platform, String osVersion, EnrollmentMethod method, HardwareIdentity identity, PushChannel pushChannel) implements DeviceEvent, TenantEvent, UserEvent {
}
