package org.mdmenroll.events.credential;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The token's default ADE enrollment profile (one defined under it) was set: newly synced devices get it assigned. */
@Revision("1")
public record AdeDefaultProfileSet(CredentialId credentialId, TenantId tenantId, String profileUuid) implements CredentialEvent, TenantEvent {
}
