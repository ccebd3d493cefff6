package org.mdmenroll.events.tenant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * The tenant's enrollment app is reached through APNs with token-based auth: the .p8 signing key
 * (sealed) with its key id and team id, the app's topic (bundle id), production or sandbox.
 */
@Revision("1")
public record ApnsAppPushConfigured(TenantId tenantId, String keyId, String teamId, String topic,
                                    Environment environment, String sealedSigningKey) implements TenantEvent {

    public enum Environment { PRODUCTION, SANDBOX }
}
