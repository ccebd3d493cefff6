package org.mdmenroll.events.device;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A device entry's status as admins see it; derived from the entry's events by {@link #after}. */
public enum DeviceStatus {
    /** Enrolling: started, profile downloaded or expired, not yet enrolled. */
    PENDING,
    ACTIVE,
    /** An admin asked to wipe the device; EraseDevice is queued and the device has not acknowledged it yet. */
    WIPE_PENDING,
    /** An admin asked to retire the device; the device has not removed its management yet. */
    RETIRE_PENDING,
    /** Retired, superseded by a newer entry, cancelled during install, or checked out. */
    INACTIVE,
    /** The device acknowledged EraseDevice (or, with nothing to reach it, an admin recorded the wipe). */
    WIPED,
    /** Reset on the device; still active on the server until the next registration. */
    RESET,
    /** Gone from lists; its history is kept. */
    DELETED;

    /** The events that put an entry in a status, whatever its status before; all others leave it as it is. */
    private static final Map<Class<?>, DeviceStatus> AFTER = Map.ofEntries(
            Map.entry(EnrollmentStarted.class, PENDING),
            Map.entry(EnrollmentProfileDownloaded.class, PENDING),
            Map.entry(DeviceReEnrolled.class, PENDING),
            Map.entry(DeviceEnrolled.class, ACTIVE),
            Map.entry(EnrollmentProfileInstallCancelled.class, INACTIVE),
            Map.entry(DeviceCheckedOut.class, INACTIVE),
            Map.entry(DeviceRetired.class, INACTIVE),
            Map.entry(DeviceEntrySuperseded.class, INACTIVE),
            Map.entry(DeviceWiped.class, WIPED),
            Map.entry(DeviceReset.class, RESET),
            Map.entry(DeviceDeleted.class, DELETED));

    /**
     * The status a device entry is in after {@code event}; empty when the event leaves the status as
     * it was. The one home of this rule: the aggregate, the command side's directory, the device list
     * and the as-of state all ask it. A requested wipe or retire waits for the device; one that fails
     * or is cancelled returns the entry to the status it had.
     */
    public static Optional<DeviceStatus> after(Object event) {
        if (event instanceof DeviceActionRequested requested) {
            return Optional.of(requested.action() == DeviceAction.WIPE ? WIPE_PENDING : RETIRE_PENDING);
        }
        if (event instanceof DeviceActionReverted reverted) {
            return Optional.of(reverted.restoredStatus());
        }
        return Optional.ofNullable(AFTER.get(event.getClass()));
    }

    /** The event types {@link #after} moves to a status: whoever keeps a status handles each of them. */
    public static Set<Class<?>> changedBy() {
        Set<Class<?>> types = new java.util.HashSet<>(AFTER.keySet());
        types.add(DeviceActionRequested.class);
        types.add(DeviceActionReverted.class);
        return Set.copyOf(types);
    }

    /**
     * Managed right now from the server's point of view (a wipe or retire still waiting for the device
     * included): a newer registration supersedes it.
     */
    public boolean isActiveOnServer() {
        return this == ACTIVE || this == RESET || this == WIPE_PENDING || this == RETIRE_PENDING;
    }
}
