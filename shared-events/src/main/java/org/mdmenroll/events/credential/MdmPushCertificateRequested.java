package org.mdmenroll.events.credential;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A key pair and certificate signing request for the tenant's MDM push certificate were made; the private key is kept only sealed. */
@Revision("1")
public record MdmPushCertificateRequested(CredentialId credentialId, TenantId tenantId, String csrPem, String sealedPrivateKey) implements CredentialEvent, TenantEvent {
}
