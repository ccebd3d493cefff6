package org.mdmenroll.events.user;

import java.time.Instant;

import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.axonframework.serialization.Revision;

/** A user was sent an invitation holding the enrollment URL (ending in /go) and, when pinIncluded, a one-time PIN. */
@Revision("1")
public record UserInvited(UserId userId, TenantId tenantId, InvitationId invitationId, String enrollmentUrl, boolean pinIncluded, Instant expiresAt) implements UserEvent, TenantEvent {
}
