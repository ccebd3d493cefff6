package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

import java.time.Instant;

/**
 * The tenant CA issued the device its identity certificate over SCEP (serial number hex, SHA-256 fingerprint hex);
 * {@code renewal} for an enrolled device's new certificate: asked for with its current one (SCEP RenewalReq), or
 * with the challenge of the renewal profile the server sent before the current one expires.
 */
@Revision("1")
public record IdentityCertificateIssued(DeviceId deviceId, TenantId tenantId, String serialNumber, String fingerprint,
                                        Instant notAfter, boolean renewal) implements DeviceEvent, TenantEvent {
}
