package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An Enrollment Program server token (one MDM server in Apple Business Manager) was added: its Apple ID, server name and expiry; the OAuth secrets only sealed. */
@Revision("1")
public record AdeTokenUploaded(CredentialId credentialId, TenantId tenantId, String appleId, String serverName, Instant expiresAt, String sealedToken) implements CredentialEvent, TenantEvent {
}
