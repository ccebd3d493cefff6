package org.mdmenroll.events.device;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * The device downloaded its enrollment profile; it must be installed before validUntil, and its one-time SCEP
 * challenge (only its SHA-256, hex; null in revision 1) is valid as long. A new download replaces the earlier profile.
 */
@Revision("2")
public record EnrollmentProfileDownloaded(DeviceId deviceId, TenantId tenantId, UUID profileId, Instant validUntil,
                                          String challengeHash) implements DeviceEvent, TenantEvent {
}
