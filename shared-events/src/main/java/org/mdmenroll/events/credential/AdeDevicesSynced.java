package org.mdmenroll.events.credential;

import java.util.List;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** The ADE server's devices were fetched in full (every device counts as added) or synced since the last cursor: counts, Apple's new cursor and the devices listed. */
@Revision("1")
public record AdeDevicesSynced(CredentialId credentialId, TenantId tenantId, boolean fullFetch, int added, int modified, int deleted, String cursor, List<AdeDevice> devices) implements CredentialEvent, TenantEvent {
}
