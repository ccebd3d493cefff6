package org.mdmenroll.events.credential;

/**
 * A device as Apple's device assignment service lists it for an ADE server: its serial number, what
 * it is, its enrollment profile status ({@code empty}, {@code assigned}, {@code pushed}, {@code removed})
 * and, in a sync, what changed ({@code added}, {@code modified}, {@code deleted}; none in a full fetch).
 */
public record AdeDevice(String serialNumber, String model, String os, String deviceFamily, String profileStatus,
                        String profileUuid, String opType) {
}
