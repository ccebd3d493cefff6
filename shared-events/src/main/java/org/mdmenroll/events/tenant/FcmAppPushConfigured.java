package org.mdmenroll.events.tenant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The tenant's Android enrollment app is reached through FCM HTTP v1 with this Firebase project's service account (sealed). */
@Revision("1")
public record FcmAppPushConfigured(TenantId tenantId, String projectId, String clientEmail,
                                   String sealedServiceAccount) implements TenantEvent {
}
