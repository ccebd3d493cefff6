package org.mdmenroll.query.user;

/** The latest step of a user's way to an enrolled device, as admins filter on it. */
public enum UserStatus {
    CREATED, INVITED, PIN_PENDING, PIN_ACCEPTED, LOCKED_OUT, PASSWORD_SET
}
