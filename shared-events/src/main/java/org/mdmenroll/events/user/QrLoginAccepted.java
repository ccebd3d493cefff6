package org.mdmenroll.events.user;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;

/** The enrollment app logged the user in with the portal's QR code; it works only once. */
@Revision("1")
public record QrLoginAccepted(UserId userId, TenantId tenantId) implements UserEvent, TenantEvent {
}
