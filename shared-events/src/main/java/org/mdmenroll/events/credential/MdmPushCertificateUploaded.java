package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The tenant's first MDM push certificate: its topic (the subject UID com.apple.mgmt.External.<uuid>) and expiry. */
@Revision("1")
public record MdmPushCertificateUploaded(CredentialId credentialId, TenantId tenantId, String topic, String serialNumber, Instant notAfter, String certificatePem, Instant expiresAt) implements CredentialEvent, TenantEvent {
}
