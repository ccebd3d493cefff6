package org.mdmenroll.command.android;

import org.mdmenroll.support.problem.Refusal;

import java.util.Map;

/**
 * The Android release of an SDK level (API level), as entries record it. The rules are by release
 * (QR provisioning from Android 9, a new entry from Android 10), and the agent reports its SDK level.
 */
final class AndroidVersions {

    private static final Map<Integer, String> RELEASES = Map.ofEntries(
            Map.entry(21, "5.0"), Map.entry(22, "5.1"), Map.entry(23, "6.0"), Map.entry(24, "7.0"),
            Map.entry(25, "7.1"), Map.entry(26, "8.0"), Map.entry(27, "8.1"), Map.entry(28, "9"),
            Map.entry(29, "10"), Map.entry(30, "11"), Map.entry(31, "12"), Map.entry(32, "12.1"),
            Map.entry(33, "13"), Map.entry(34, "14"), Map.entry(35, "15"), Map.entry(36, "16"));
    private static final int NEWEST_KNOWN = 36;
    /** Android Enterprise needs Lollipop; nothing reports more than this. */
    private static final int MIN = 21;
    private static final int MAX = 99;

    private AndroidVersions() {
    }

    /** Levels newer than the table are taken as one release per level (37 is Android 17). */
    static String release(int sdkInt) {
        if (sdkInt < MIN || sdkInt > MAX) {
            throw Refusal.invalid("invalid-sdk-int", "sdkInt is the device's Android API level (21 or more).");
        }
        return sdkInt > NEWEST_KNOWN ? String.valueOf(16 + sdkInt - NEWEST_KNOWN) : RELEASES.get(sdkInt);
    }
}
