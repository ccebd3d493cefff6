package org.mdmenroll.events.tenant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.android.AndroidProvisioning;

/** An admin set the tenant's Android Enterprise provisioning settings (all of them as now in force; Wi-Fi password sealed). */
@Revision("1")
public record AndroidProvisioningConfigured(TenantId tenantId, AndroidProvisioning provisioning) implements TenantEvent {
}
