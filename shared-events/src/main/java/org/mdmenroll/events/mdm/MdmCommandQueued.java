package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

import java.util.Map;

/**
 * A command waits for the device: its request type, the channel it goes to, why it was queued, the
 * parameters an admin may read (never a secret) and the whole command as the device will receive it,
 * sealed with MDM_SECRETS_KEY because it can hold secrets (an EraseDevice PIN, a profile's SCEP challenge).
 */
@Revision("1")
public record MdmCommandQueued(DeviceId deviceId, TenantId tenantId, String commandUuid, String requestType,
                               MdmChannel channel, MdmCommandPurpose purpose, Map<String, String> parameters,
                               String sealedCommand) implements DeviceEvent, TenantEvent {
}
