package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

import java.time.Instant;

/**
 * The tenant CA issued the device its identity certificate over SCEP (serial number hex, SHA-256 fingerprint hex);
 * {@code renewal} when the device's current certificate asked for it instead of the profile's challenge.
 */
@Revision("1")
public record IdentityCertificateIssued(DeviceId deviceId, TenantId tenantId, String serialNumber, String fingerprint,
                                        Instant notAfter, boolean renewal) implements DeviceEvent, TenantEvent {
}
