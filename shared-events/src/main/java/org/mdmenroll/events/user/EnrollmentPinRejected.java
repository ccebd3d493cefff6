package org.mdmenroll.events.user;

import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** A wrong PIN was given; attempt counts towards the lock-out. */
@Revision("1")
public record EnrollmentPinRejected(UserId userId, TenantId tenantId, int attempt) implements UserEvent, TenantEvent, RefusalEvent {
}
