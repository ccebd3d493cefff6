package org.mdmenroll.command.apple.accountdriven;

import org.mdmenroll.events.device.Platform;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an account-driven enrollment request tells about the device: its model ({@code PRODUCT},
 * e.g. {@code iPhone17,2}) and OS build ({@code VERSION}, e.g. {@code 22E240}). The build's leading
 * number is the Darwin major version, from which the OS major version follows; the exact version
 * arrives with the device's Authenticate.
 */
public final class AppleBuilds {

    private static final Pattern BUILD = Pattern.compile("(\\d{2})[A-Z]\\d+[a-z]?");

    private AppleBuilds() {
    }

    public static Optional<Platform> platform(String product) {
        if (product == null) {
            return Optional.empty();
        }
        if (product.startsWith("iPhone") || product.startsWith("iPad") || product.startsWith("iPod")) {
            return Optional.of(Platform.IOS);
        }
        if (product.startsWith("Mac")) {
            return Optional.of(Platform.MACOS);
        }
        return Optional.empty();
    }

    /**
     * The OS major version of a build: Darwin 19–22 are iOS 15–18 and 23 is iOS 26; Darwin 21–24 are
     * macOS 12–15 and 25 is macOS 26 (Apple's year-based numbering from 2025 on).
     */
    public static Optional<String> osVersion(Platform platform, String build) {
        Matcher matcher = build == null ? null : BUILD.matcher(build.strip());
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        int darwin = Integer.parseInt(matcher.group(1));
        int major = switch (platform) {
            case IOS -> darwin <= 22 ? darwin - 4 : darwin + 3;
            case MACOS -> darwin <= 24 ? darwin - 9 : darwin + 1;
            case ANDROID -> throw new IllegalArgumentException("Android builds are not Apple's");
        };
        return major > 0 ? Optional.of(major + ".0") : Optional.empty();
    }
}
