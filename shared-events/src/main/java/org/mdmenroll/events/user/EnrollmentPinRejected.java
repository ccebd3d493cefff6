package org.mdmenroll.events.user;

import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** A wrong PIN was given; attempt counts towards the lock-out. */
@Revision("1")
public record EnrollmentPinRejected(UserId userId, TenantId tenantId, int attempt) {
}
