package org.mdmenroll.events.device;

import java.util.UUID;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The downloaded profile passed its validity without the device enrolling; the device must start again. */
@Revision("1")
public record EnrollmentProfileExpired(DeviceId deviceId, TenantId tenantId, UUID profileId) implements DeviceEvent, TenantEvent {
}
