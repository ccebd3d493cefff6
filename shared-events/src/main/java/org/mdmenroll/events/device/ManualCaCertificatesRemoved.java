package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An Android Enterprise company-owned or fully managed device removed manually installed CA certificates after enrollment. */
@Revision("1")
public record ManualCaCertificatesRemoved(DeviceId deviceId, TenantId tenantId) implements DeviceEvent, TenantEvent {
}
