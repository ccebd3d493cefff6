package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.android.AndroidManagementMode;

/** The Android agent enrolling this entry with an enrollment token: its SDK level, management mode and secret (SHA-256 hash only). */
@Revision("1")
public record AndroidAgentRegistered(DeviceId deviceId, TenantId tenantId, EnrollmentTokenId enrollmentTokenId, int sdkInt, AndroidManagementMode managementMode, String agentSecretHash) implements DeviceEvent, TenantEvent, EnrollmentTokenEvent {
}
