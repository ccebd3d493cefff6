package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The user cancelled installing the profile: MDM is deactivated (INACTIVE); a still-valid profile can be installed again. */
@Revision("1")
public record EnrollmentProfileInstallCancelled(DeviceId deviceId, TenantId tenantId) implements DeviceEvent, TenantEvent {
}
