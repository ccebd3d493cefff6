package org.mdmenroll.events.credential;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A device sync, profile definition or profile assignment ({@code operation}: device-sync, profile-definition, profile-assignment) under the ADE token was refused: {@code token-expired}, or the code Apple refused it with (e.g. T_C_NOT_SIGNED). */
@Revision("1")
public record AdeTokenUseRefused(CredentialId credentialId, TenantId tenantId, String operation, String reason, String detail) implements CredentialEvent, TenantEvent, RefusalEvent {
}
