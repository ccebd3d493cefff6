package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** The user's current PIN was used to log in; it cannot be used again. */
@Revision("1")
public record EnrollmentPinAccepted(UserId userId, TenantId tenantId) implements UserEvent, TenantEvent {
}
