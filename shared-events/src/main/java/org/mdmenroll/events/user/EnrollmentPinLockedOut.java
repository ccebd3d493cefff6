package org.mdmenroll.events.user;

import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** Too many wrong PINs: the current PIN no longer works until an admin issues a new one. */
@Revision("1")
public record EnrollmentPinLockedOut(UserId userId, TenantId tenantId, int attempts) implements UserEvent, TenantEvent, RefusalEvent {
}
