package org.mdmenroll.command.device;

import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceCommands.ReEnroll;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.mdmenroll.events.device.EnrollmentMethod.IN_APP;
import static org.mdmenroll.events.device.EnrollmentMethod.PORTAL;
import static org.mdmenroll.events.device.EnrollmentMethod.QR_CODE;
import static org.mdmenroll.events.device.Platform.ANDROID;
import static org.mdmenroll.events.device.Platform.IOS;
import static org.mdmenroll.events.device.Platform.MACOS;

/** The device entries the aggregate tests start from: ids, the commands and events of an enrollment, and its stages. */
final class DeviceHistory {

    static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    static final DeviceId OTHER_DEVICE = DeviceId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    static final UserId OTHER_USER = UserId.of("6b1f9d8c-2e3a-4d4c-9f0b-1a2b3c4d5e6f");

    static final UUID PROFILE = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    static final UUID OTHER_PROFILE = UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");

    static final String CHALLENGE_HASH = "9f".repeat(32);
    static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    static final Duration VALIDITY = Duration.ofHours(24);
    static final Instant VALID_UNTIL = NOW.plus(VALIDITY);

    static final HardwareIdentity APPLE_IDENTITY = new HardwareIdentity("c02xl0gyjgh5", null, null, null);
    static final HardwareIdentity ANDROID_IDENTITY =
            new HardwareIdentity("r58m12abcde", null, "356938035643809", "esid-4711");
    static final PushChannel APNS = new PushChannel(PushChannel.Type.APNS, "sealed-apns-token");
    static final PushChannel FCM = new PushChannel(PushChannel.Type.FCM, "sealed-fcm-token");
    static final String PUSH_TOPIC = "com.apple.mgmt.External.2a8c1f3e";

    private DeviceHistory() {
    }

    static String defaultVersion(Platform platform) {
        return switch (platform) {
            case IOS -> "17.4";
            case MACOS -> "14.4";
            case ANDROID -> "14";
        };
    }

    static EnrollmentMethod defaultMethod(Platform platform) {
        return switch (platform) {
            case IOS -> IN_APP;
            case MACOS -> PORTAL;
            case ANDROID -> QR_CODE;
        };
    }

    static HardwareIdentity identity(Platform platform) {
        return platform == ANDROID ? ANDROID_IDENTITY : APPLE_IDENTITY;
    }

    static PushChannel push(Platform platform) {
        return platform == ANDROID ? FCM : APNS;
    }

    static StartEnrollment start(Platform platform, String osVersion, EnrollmentMethod method) {
        return new StartEnrollment(DEVICE, TENANT, USER, platform, osVersion, method, identity(platform),
                push(platform));
    }

    static StartEnrollment start(Platform platform) {
        return start(platform, defaultVersion(platform), defaultMethod(platform));
    }

    static EnrollmentStarted started(Platform platform, String osVersion, EnrollmentMethod method) {
        return new EnrollmentStarted(DEVICE, TENANT, USER, platform, osVersion, method, identity(platform),
                push(platform));
    }

    static EnrollmentStarted started(Platform platform) {
        return started(platform, defaultVersion(platform), defaultMethod(platform));
    }

    static EnrollmentProfileDownloaded downloaded(UUID profileId, Instant validUntil) {
        return new EnrollmentProfileDownloaded(DEVICE, TENANT, profileId, validUntil, CHALLENGE_HASH);
    }

    static EnrollmentProfileDownloaded downloaded() {
        return downloaded(PROFILE, VALID_UNTIL);
    }

    static EnrollmentProfileExpired expired(UUID profileId) {
        return new EnrollmentProfileExpired(DEVICE, TENANT, profileId);
    }

    static EnrollmentProfileInstallCancelled cancelled() {
        return new EnrollmentProfileInstallCancelled(DEVICE, TENANT);
    }

    static DeviceEnrolled enrolled() {
        return new DeviceEnrolled(DEVICE, TENANT, null, false, PUSH_TOPIC);
    }

    static ReEnroll reEnroll(String osVersion, EnrollmentMethod method, HardwareIdentity identity) {
        return new ReEnroll(DEVICE, OTHER_USER, osVersion, method, identity, APNS);
    }

    static DeviceReEnrolled reEnrolled(String osVersion, EnrollmentMethod method, HardwareIdentity identity) {
        return new DeviceReEnrolled(DEVICE, TENANT, OTHER_USER, osVersion, method, identity, APNS);
    }

    static DownloadProfile download() {
        return new DownloadProfile(DEVICE, VALIDITY, CHALLENGE_HASH);
    }

    static EnrollDevice enroll() {
        return new EnrollDevice(DEVICE, null, PUSH_TOPIC);
    }

    /** Where an entry stands; its status, where the name does not say it, is in the comment. */
    enum Stage {
        /** PENDING, no profile downloaded yet. */
        STARTED,
        /** PENDING, profile downloaded and still valid (Apple). */
        DOWNLOADED,
        /** PENDING, the downloaded profile expired (Apple). */
        PROFILE_EXPIRED,
        /** INACTIVE, cancelled during install; resumable while the profile is valid. */
        CANCELLED,
        /** INACTIVE, cancelled and the profile expired since. */
        CANCELLED_EXPIRED,
        ACTIVE,
        /** INACTIVE. */
        RETIRED,
        /** INACTIVE. */
        CHECKED_OUT,
        /** INACTIVE. */
        SUPERSEDED,
        WIPED,
        RESET,
        DELETED
    }

    /** The events that bring an entry of this platform to the stage; Android never downloads a profile. */
    static List<Object> history(Stage stage, Platform platform) {
        List<Object> events = new ArrayList<>();
        events.add(started(platform));
        if (stage == Stage.STARTED) {
            return events;
        }
        boolean apple = platform.isApple();
        if (apple) {
            events.add(downloaded());
        }
        switch (stage) {
            case DOWNLOADED -> {
            }
            case PROFILE_EXPIRED -> {
                if (apple) {
                    events.add(expired(PROFILE));
                }
            }
            case CANCELLED -> events.add(cancelled());
            case CANCELLED_EXPIRED -> {
                events.add(cancelled());
                if (apple) {
                    events.add(expired(PROFILE));
                }
            }
            default -> {
                events.add(enrolled());
                switch (stage) {
                    case RETIRED -> events.add(new DeviceRetired(DEVICE, TENANT));
                    case CHECKED_OUT -> events.add(new DeviceCheckedOut(DEVICE, TENANT));
                    case SUPERSEDED -> events.add(new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE));
                    case WIPED -> events.add(new DeviceWiped(DEVICE, TENANT));
                    case RESET -> events.add(new DeviceReset(DEVICE, TENANT));
                    case DELETED -> events.add(new DeviceDeleted(DEVICE, TENANT));
                    default -> {
                    }
                }
            }
        }
        return events;
    }
}
