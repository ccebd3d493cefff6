package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The credential expires in daysLeft days (warnings at 30, 14, 7 and 1). */
@Revision("1")
public record CredentialExpiryWarned(CredentialId credentialId, TenantId tenantId, CredentialKind kind, int daysLeft, Instant expiresAt) implements CredentialEvent, TenantEvent {
}
