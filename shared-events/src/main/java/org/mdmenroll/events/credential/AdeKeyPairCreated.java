package org.mdmenroll.events.credential;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The tenant's key pair for Enrollment Program tokens was made: Apple encrypts each token to its self-signed certificate; the private key is kept only sealed. */
@Revision("1")
public record AdeKeyPairCreated(CredentialId credentialId, TenantId tenantId, String certificatePem, String sealedPrivateKey) implements CredentialEvent, TenantEvent {
}
