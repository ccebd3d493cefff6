package org.mdmenroll.events;

/** An event that names a user (null when it concerns none): the audit trail records the user. */
public interface UserEvent {

    UserId userId();
}
