package org.mdmenroll.events.credential;

import java.time.Instant;

/**
 * A device as Apple's device assignment service lists it for an ADE server: its serial number, what
 * it is, its enrollment profile status ({@code empty}, {@code assigned}, {@code pushed}, {@code removed})
 * and, in a sync, what changed ({@code added}, {@code modified}, {@code deleted}; none in a full fetch).
 * The components after {@code opType} came later: events stored before them read them as null.
 */
public record AdeDevice(String serialNumber, String model, String os, String deviceFamily, String profileStatus,
                        String profileUuid, String opType, String description, String color,
                        Instant profileAssignTime, String deviceAssignedBy, Instant deviceAssignedDate,
                        Instant opDate) {

    /** The first seven facts only, as the record had them before; the others unknown (code written then still compiles). */
    public AdeDevice(String serialNumber, String model, String os, String deviceFamily, String profileStatus,
                     String profileUuid, String opType) {
        this(serialNumber, model, os, deviceFamily, profileStatus, profileUuid, opType, null, null, null, null, null,
                null);
    }

    /** Apple removed the device from this MDM server (released, or assigned to another server). */
    public boolean removed() {
        return "deleted".equalsIgnoreCase(opType);
    }

    /** No enrollment profile is assigned to it: a new device, or one whose profile was taken away. */
    public boolean withoutProfile() {
        return profileStatus == null || profileStatus.isBlank() || "empty".equalsIgnoreCase(profileStatus);
    }
}
