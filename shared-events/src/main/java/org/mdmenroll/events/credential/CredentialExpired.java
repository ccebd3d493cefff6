package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The credential expired: what depends on it stops until it is renewed. */
@Revision("1")
public record CredentialExpired(CredentialId credentialId, TenantId tenantId, CredentialKind kind, Instant expiredAt) implements CredentialEvent, TenantEvent {
}
