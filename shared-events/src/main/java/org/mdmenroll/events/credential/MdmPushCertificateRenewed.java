package org.mdmenroll.events.credential;

import java.time.Instant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The push certificate was renewed with the same topic (or a confirmed new one); it expires one year after the renewal. */
@Revision("1")
public record MdmPushCertificateRenewed(CredentialId credentialId, TenantId tenantId, String topic, String serialNumber, Instant notAfter, String certificatePem, Instant expiresAt) implements CredentialEvent, TenantEvent {
}
