package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The Enrollment Program server token was replaced by a new one from Apple Business Manager; it expires when the new token does. */
@Revision("1")
public record AdeTokenRenewed(CredentialId credentialId, TenantId tenantId, String serverName, Instant expiresAt, String sealedToken) implements CredentialEvent, TenantEvent {
}
