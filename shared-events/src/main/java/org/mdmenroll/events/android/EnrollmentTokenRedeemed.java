package org.mdmenroll.events.android;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;

/** An Android agent enrolled a device for the user with the token; redemptions counts every use so far. */
@Revision("1")
public record EnrollmentTokenRedeemed(EnrollmentTokenId enrollmentTokenId, TenantId tenantId, UserId userId, int redemptions) implements EnrollmentTokenEvent, TenantEvent, UserEvent {
}
