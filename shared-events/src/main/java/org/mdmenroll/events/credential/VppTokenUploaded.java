package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A Volume Purchase Program (Apps and Books) content token was added for a location: its organisation and expiry; the token only sealed. */
@Revision("1")
public record VppTokenUploaded(CredentialId credentialId, TenantId tenantId, String location, String orgName, Instant expiresAt, String sealedToken) implements CredentialEvent, TenantEvent {
}
