package org.mdmenroll.query.device;

import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefused;

import java.util.Map;
import java.util.Optional;

/**
 * The latest step of a device entry's life, as the device list and the as-of state show it (the
 * names are the stored and JSON form); which event is which step is decided by {@link #after}.
 */
public enum DeviceStep {
    STARTED,
    PROFILE_DOWNLOADED,
    PROFILE_EXPIRED,
    INSTALL_CANCELLED,
    CERTIFICATE_ISSUED,
    CERTIFICATE_REFUSED,
    AUTHENTICATED,
    ENROLLED,
    RE_ENROLLED,
    CHECKED_OUT,
    RETIRED,
    WIPED,
    RESET,
    SUPERSEDED,
    DELETED,
    /** An admin asked to wipe the device; it has not acknowledged EraseDevice yet. */
    WIPE_REQUESTED,
    /** An admin asked to retire the device; it has not removed its management yet. */
    RETIRE_REQUESTED,
    /** A requested wipe failed on the device or was cancelled before delivery. */
    WIPE_REVERTED,
    /** A requested retire failed on the device or was cancelled before delivery. */
    RETIRE_REVERTED;

    /**
     * The events that are a step of the entry's life; all others (pushes, nudges, marks, the command
     * channel's traffic) are not. A wipe or retire asked for and reverted are steps too, by action.
     */
    private static final Map<Class<?>, DeviceStep> AFTER = Map.ofEntries(
            Map.entry(EnrollmentStarted.class, STARTED),
            Map.entry(EnrollmentProfileDownloaded.class, PROFILE_DOWNLOADED),
            Map.entry(EnrollmentProfileExpired.class, PROFILE_EXPIRED),
            Map.entry(EnrollmentProfileInstallCancelled.class, INSTALL_CANCELLED),
            Map.entry(IdentityCertificateIssued.class, CERTIFICATE_ISSUED),
            Map.entry(IdentityCertificateRefused.class, CERTIFICATE_REFUSED),
            Map.entry(DeviceAuthenticated.class, AUTHENTICATED),
            Map.entry(DeviceEnrolled.class, ENROLLED),
            Map.entry(DeviceReEnrolled.class, RE_ENROLLED),
            Map.entry(DeviceCheckedOut.class, CHECKED_OUT),
            Map.entry(DeviceRetired.class, RETIRED),
            Map.entry(DeviceWiped.class, WIPED),
            Map.entry(DeviceReset.class, RESET),
            Map.entry(DeviceEntrySuperseded.class, SUPERSEDED),
            Map.entry(DeviceDeleted.class, DELETED));

    /** The entry's latest step after {@code event}; empty when the event is no step and leaves it as it was. */
    public static Optional<DeviceStep> after(Object event) {
        if (event instanceof DeviceActionRequested requested) {
            return Optional.of(requested.action() == DeviceAction.WIPE ? WIPE_REQUESTED : RETIRE_REQUESTED);
        }
        if (event instanceof DeviceActionReverted reverted) {
            return Optional.of(reverted.action() == DeviceAction.WIPE ? WIPE_REVERTED : RETIRE_REVERTED);
        }
        return Optional.ofNullable(AFTER.get(event.getClass()));
    }
}
