package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The VPP content token was replaced by a new one; it expires when the new token does. */
@Revision("1")
public record VppTokenRenewed(CredentialId credentialId, TenantId tenantId, String orgName, Instant expiresAt, String sealedToken) implements CredentialEvent, TenantEvent {
}
