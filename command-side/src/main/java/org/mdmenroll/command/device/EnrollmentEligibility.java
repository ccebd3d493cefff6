package org.mdmenroll.command.device;

import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;

import java.util.Map;

/**
 * Which devices may enroll by which method: the OS versions each method needs, and that ADE and
 * account-driven enrollment are Apple's. Checked when an entry starts or re-enrolls, and before the
 * portal's QR code logs the enrollment app in.
 */
public final class EnrollmentEligibility {

    private static final OsVersion IOS_PROFILE_MINIMUM = OsVersion.of(12, 2);
    private static final OsVersion MACOS_PROFILE_MINIMUM = OsVersion.of(11, 0);
    private static final OsVersion IOS_QR_MINIMUM = OsVersion.of(14);
    private static final OsVersion ANDROID_QR_MINIMUM = OsVersion.of(9);

    private EnrollmentEligibility() {
    }

    /** The portal's QR code logs in the enrollment app on Android 9 or later and iOS 14 or later only. */
    public static void requireQrCodeSupport(Platform platform, String osVersion) {
        require(platform, osVersion, EnrollmentMethod.QR_CODE);
    }

    /**
     * Profile-based Apple enrollment needs iOS 12.2 or macOS 11.0; QR-code enrollment needs Android 9
     * or iOS 14; ADE and account-driven enrollment are Apple's.
     */
    static void require(Platform platform, String osVersionText, EnrollmentMethod method) {
        OsVersion osVersion = OsVersion.parse(osVersionText);
        boolean appleOnly = method == EnrollmentMethod.ADE || method == EnrollmentMethod.ACCOUNT_DRIVEN;
        if (appleOnly && !platform.isApple()) {
            throw Refusal.invalid("method-not-for-platform", method + " enrollment is for iOS and macOS devices.");
        }
        if (method != EnrollmentMethod.ADE) {
            if (platform == Platform.IOS && osVersion.isBelow(IOS_PROFILE_MINIMUM)) {
                throw osTooOld("Profile-based enrollment needs iOS 12.2 or later.", osVersion);
            }
            if (platform == Platform.MACOS && osVersion.isBelow(MACOS_PROFILE_MINIMUM)) {
                throw osTooOld("Profile-based enrollment needs macOS 11.0 or later.", osVersion);
            }
        }
        if (method == EnrollmentMethod.QR_CODE) {
            boolean supported = switch (platform) {
                case IOS -> !osVersion.isBelow(IOS_QR_MINIMUM);
                case ANDROID -> !osVersion.isBelow(ANDROID_QR_MINIMUM);
                case MACOS -> false;
            };
            if (!supported) {
                throw osTooOld("QR-code enrollment needs Android 9 or later, or iOS 14 or later.", osVersion);
            }
        }
    }

    private static Refusal osTooOld(String detail, OsVersion osVersion) {
        return new Refusal(Refusal.Kind.INVALID, "os-version-unsupported", detail,
                Map.of("osVersion", osVersion.toString()));
    }
}
