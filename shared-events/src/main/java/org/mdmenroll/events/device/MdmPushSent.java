package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** APNs accepted an MDM push ({@code {"mdm": PushMagic}}) asking the device to connect; apnsId is APNs' id for it. */
@Revision("1")
public record MdmPushSent(DeviceId deviceId, TenantId tenantId, String topic, String apnsId) implements DeviceEvent, TenantEvent {
}
