package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A SCEP request for the device's identity certificate was answered with a SCEP failure, and why. */
@Revision("1")
public record IdentityCertificateRefused(DeviceId deviceId, TenantId tenantId, IdentityCertificateRefusal reason) implements DeviceEvent, TenantEvent, RefusalEvent {
}
