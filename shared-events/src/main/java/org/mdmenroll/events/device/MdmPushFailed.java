package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * An MDM push was not delivered: {@code reason} is a stable code (push-certificate-expired,
 * no-push-certificate, apns-rejected, apns-unreachable) and {@code detail} says more, e.g. APNs' rejection reason.
 */
@Revision("1")
public record MdmPushFailed(DeviceId deviceId, TenantId tenantId, String reason, String detail) implements DeviceEvent, TenantEvent, RefusalEvent {
}
