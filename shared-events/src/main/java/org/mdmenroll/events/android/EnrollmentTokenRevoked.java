package org.mdmenroll.events.android;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An admin revoked the enrollment token: no device enrolls with it any more. */
@Revision("1")
public record EnrollmentTokenRevoked(EnrollmentTokenId enrollmentTokenId, TenantId tenantId) implements EnrollmentTokenEvent, TenantEvent {
}
