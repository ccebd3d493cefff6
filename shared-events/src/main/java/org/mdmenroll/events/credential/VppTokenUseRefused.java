package org.mdmenroll.events.credential;

import java.util.List;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A licence assignment or revocation ({@code operation}) under the VPP token was refused and nothing changed at Apple: {@code token-expired}, or Apple's error number. */
@Revision("1")
public record VppTokenUseRefused(CredentialId credentialId, TenantId tenantId, String operation, String adamId, List<String> serialNumbers, String reason, String detail) implements CredentialEvent, TenantEvent, RefusalEvent {
}
