package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

import java.time.Instant;
import java.util.UUID;

/**
 * The device's identity certificate nears its expiry: a freshly signed enrollment profile went to it
 * (InstallProfile, {@code commandUuid}; the profile's PayloadUUID {@code profileId}) with a one-time SCEP challenge of its own (SHA-256, hex), good
 * until the current certificate expires.
 */
@Revision("1")
public record IdentityCertificateRenewalRequested(DeviceId deviceId, TenantId tenantId, String commandUuid,
                                                  UUID profileId, String challengeHash, Instant validUntil)
        implements DeviceEvent, TenantEvent {
}
