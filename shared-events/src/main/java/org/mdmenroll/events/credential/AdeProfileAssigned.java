package org.mdmenroll.events.credential;

import java.util.Map;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An ADE enrollment profile (defined now when profileName is given) was assigned to serial numbers; Apple's answer per serial: SUCCESS, NOT_ACCESSIBLE or FAILED. */
@Revision("1")
public record AdeProfileAssigned(CredentialId credentialId, TenantId tenantId, String profileUuid, String profileName, Map<String, String> results) implements CredentialEvent, TenantEvent {
}
