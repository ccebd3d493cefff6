package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A push certificate and its private key (sealed) brought from another MDM: its topic is kept, it expires at its notAfter. */
@Revision("1")
public record MdmPushCertificateImported(CredentialId credentialId, TenantId tenantId, String topic, String serialNumber, Instant notAfter, String certificatePem, String sealedPrivateKey, Instant expiresAt) implements CredentialEvent, TenantEvent {
}
