package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * A check-in TokenUpdate: where MDM pushes reach the device channel, or the macOS user channel of
 * {@code userGuid}. Push token, PushMagic and unlock token are kept only sealed.
 * {@code awaitingConfiguration}: an ADE device in Setup Assistant waits for DeviceConfigured (false in
 * events stored before the field existed).
 */
@Revision("1")
public record MdmPushTokenUpdated(DeviceId deviceId, TenantId tenantId, String userGuid, String topic,
                                  String sealedToken, String sealedPushMagic, String sealedUnlockToken,
                                  boolean awaitingConfiguration) implements DeviceEvent, TenantEvent {
}
