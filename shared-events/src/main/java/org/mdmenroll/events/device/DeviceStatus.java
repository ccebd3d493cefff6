package org.mdmenroll.events.device;

/** A device entry's status as admins see it; derived from the entry's events. */
public enum DeviceStatus {
    /** Enrolling: started, profile downloaded or expired, not yet enrolled. */
    PENDING,
    ACTIVE,
    /** Retired, superseded by a newer entry, cancelled during install, or checked out. */
    INACTIVE,
    WIPED,
    /** Reset on the device; still active on the server until the next registration. */
    RESET,
    /** Gone from lists; its history is kept. */
    DELETED;

    /** Managed right now from the server's point of view: a newer registration supersedes it. */
    public boolean isActiveOnServer() {
        return this == ACTIVE || this == RESET;
    }
}
