package org.mdmenroll.events.credential;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An ADE enrollment profile was defined at Apple under the token: Apple's profile uuid and what the profile says. */
@Revision("1")
public record AdeEnrollmentProfileDefined(CredentialId credentialId, TenantId tenantId, String profileUuid, AdeEnrollmentProfile profile) implements CredentialEvent, TenantEvent {
}
