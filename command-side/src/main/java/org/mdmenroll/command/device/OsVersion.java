package org.mdmenroll.command.device;

import org.mdmenroll.support.problem.Refusal;

import java.util.Arrays;
import java.util.regex.Pattern;

/** A dotted OS version ("12.2", "17.4.1", Android "9" or "14") that compares numerically. */
public record OsVersion(int[] parts) implements Comparable<OsVersion> {

    private static final Pattern FORMAT = Pattern.compile("\\d{1,4}(\\.\\d{1,4}){0,3}");

    public static OsVersion parse(String version) {
        if (version == null || !FORMAT.matcher(version.strip()).matches()) {
            throw Refusal.invalid("invalid-os-version", "'" + version + "' is not an OS version like 17.4 or 14.");
        }
        return new OsVersion(Arrays.stream(version.strip().split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    public static OsVersion of(int... parts) {
        return new OsVersion(parts.clone());
    }

    public int major() {
        return parts[0];
    }

    public boolean isBelow(OsVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(OsVersion other) {
        for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
            int a = i < parts.length ? parts[i] : 0;
            int b = i < other.parts.length ? other.parts[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OsVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        int length = parts.length;
        while (length > 1 && parts[length - 1] == 0) {
            length--;
        }
        return Arrays.hashCode(Arrays.copyOf(parts, length));
    }

    @Override
    public String toString() {
        return String.join(".", Arrays.stream(parts).mapToObj(Integer::toString).toList());
    }
}
