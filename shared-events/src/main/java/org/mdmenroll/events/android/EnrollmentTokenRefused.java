package org.mdmenroll.events.android;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A device presented a known enrollment token that was expired, already used (one-time) or revoked. */
@Revision("1")
public record EnrollmentTokenRefused(EnrollmentTokenId enrollmentTokenId, TenantId tenantId, EnrollmentTokenRefusal reason) implements EnrollmentTokenEvent, TenantEvent, RefusalEvent {
}
