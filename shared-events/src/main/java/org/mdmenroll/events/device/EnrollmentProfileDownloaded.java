package org.mdmenroll.events.device;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;

/** The device downloaded its enrollment profile; it must be installed before validUntil. A new download replaces the earlier profile. */
@Revision("1")
public record EnrollmentProfileDownloaded(DeviceId deviceId, TenantId tenantId, UUID profileId, Instant validUntil) {
}
