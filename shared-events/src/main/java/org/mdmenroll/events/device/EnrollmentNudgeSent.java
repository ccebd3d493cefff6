package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The push provider accepted the enrollment app's nudge to finish enrolling: attempt n of this enrollment, over APNs or FCM. */
@Revision("1")
public record EnrollmentNudgeSent(DeviceId deviceId, TenantId tenantId, int attempt, PushChannel.Type channel) implements DeviceEvent, TenantEvent {
}
