package org.mdmenroll.command.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.FCM;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.USER;
import static org.mdmenroll.command.device.DeviceHistory.defaultMethod;
import static org.mdmenroll.command.device.DeviceHistory.defaultVersion;
import static org.mdmenroll.command.device.DeviceHistory.identity;
import static org.mdmenroll.command.device.DeviceHistory.start;
import static org.mdmenroll.command.device.DeviceHistory.started;
import static org.mdmenroll.events.device.EnrollmentMethod.ACCOUNT_DRIVEN;
import static org.mdmenroll.events.device.EnrollmentMethod.ADE;
import static org.mdmenroll.events.device.EnrollmentMethod.INVITATION;
import static org.mdmenroll.events.device.EnrollmentMethod.IN_APP;
import static org.mdmenroll.events.device.EnrollmentMethod.PORTAL;
import static org.mdmenroll.events.device.EnrollmentMethod.QR_CODE;
import static org.mdmenroll.events.device.Platform.ANDROID;
import static org.mdmenroll.events.device.Platform.IOS;
import static org.mdmenroll.events.device.Platform.MACOS;

/** Starting an enrollment: which platforms, OS versions and methods may start one, and what the entry records. */
class DeviceStartTest extends DeviceAggregateTest {

    static Stream<Arguments> enrollable() {
        return Stream.of(
                arguments(IOS, "17.4", IN_APP),
                arguments(IOS, "12.2", INVITATION),
                arguments(IOS, "12.2", PORTAL),
                arguments(IOS, "12.2.1", IN_APP),
                arguments(IOS, "16", ACCOUNT_DRIVEN),
                arguments(IOS, "14", QR_CODE),
                arguments(IOS, "14.0.1", QR_CODE),
                arguments(IOS, "12.1", ADE),
                arguments(IOS, "9.3.5", ADE),
                arguments(MACOS, "11.0", PORTAL),
                arguments(MACOS, "11", IN_APP),
                arguments(MACOS, "14.4", INVITATION),
                arguments(MACOS, "14.4", ACCOUNT_DRIVEN),
                arguments(MACOS, "10.15", ADE),
                arguments(ANDROID, "9", QR_CODE),
                arguments(ANDROID, "14", QR_CODE),
                arguments(ANDROID, "7.1", IN_APP),
                arguments(ANDROID, "8", PORTAL),
                arguments(ANDROID, "5.0", INVITATION));
    }

    @ParameterizedTest(name = "{0} {1} by {2}")
    @MethodSource("enrollable")
    void anEnrollmentIsStartedPendingWithWhatTheDeviceTold(Platform platform, String osVersion,
            EnrollmentMethod method) {
        fixture.givenNoPriorActivity()
                .when(start(platform, osVersion, method))
                .expectSuccessfulHandlerExecution()
                .expectEvents(started(platform, osVersion, method));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Platform.class)
    void theOsVersionIsRecordedWithoutSurroundingWhitespace(Platform platform) {
        fixture.givenNoPriorActivity()
                .when(start(platform, " " + defaultVersion(platform) + "\t", defaultMethod(platform)))
                .expectEvents(started(platform));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void anAppleDeviceMayStartWithoutKnowingItsHardware(Platform platform) {
        fixture.givenNoPriorActivity()
                .when(new StartEnrollment(DEVICE, TENANT, USER, platform, defaultVersion(platform),
                        defaultMethod(platform), HardwareIdentity.UNKNOWN, null))
                .expectEvents(new EnrollmentStarted(DEVICE, TENANT, USER, platform, defaultVersion(platform),
                        defaultMethod(platform), HardwareIdentity.UNKNOWN, null));
    }

    static Stream<Arguments> tooOldForTheMethod() {
        return Stream.of(
                // profile-based Apple enrollment: iOS 12.2, macOS 11.0
                arguments(IOS, "12.1", INVITATION),
                arguments(IOS, "12.1", IN_APP),
                arguments(IOS, "12.1", PORTAL),
                arguments(IOS, "12.1", ACCOUNT_DRIVEN),
                arguments(IOS, "12.1", QR_CODE),
                arguments(IOS, "12.1.4", IN_APP),
                arguments(IOS, "12", IN_APP),
                arguments(MACOS, "10.15", INVITATION),
                arguments(MACOS, "10.15", IN_APP),
                arguments(MACOS, "10.15", PORTAL),
                arguments(MACOS, "10.15", ACCOUNT_DRIVEN),
                arguments(MACOS, "10.15.7", PORTAL),
                // QR code: iOS 14, Android 9, never macOS
                arguments(IOS, "13.7", QR_CODE),
                arguments(IOS, "12.2", QR_CODE),
                arguments(ANDROID, "8.1", QR_CODE),
                arguments(ANDROID, "8", QR_CODE),
                arguments(MACOS, "14.4", QR_CODE),
                arguments(MACOS, "11", QR_CODE));
    }

    @ParameterizedTest(name = "{0} {1} by {2}")
    @MethodSource("tooOldForTheMethod")
    void anOsVersionTooOldForTheMethodIsRefused(Platform platform, String osVersion, EnrollmentMethod method) {
        fixture.givenNoPriorActivity()
                .when(start(platform, osVersion, method))
                .expectException(refusal(Kind.INVALID, "os-version-unsupported"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = EnrollmentMethod.class, names = {"ADE", "ACCOUNT_DRIVEN"})
    void appleOnlyMethodsAreRefusedForAndroid(EnrollmentMethod method) {
        fixture.givenNoPriorActivity()
                .when(start(ANDROID, "14", method))
                .expectException(refusal(Kind.INVALID, "method-not-for-platform"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "OS version \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "12..1", " ", "12.", ".12", "v17", "17.4-beta", "1.2.3.4.5", "12345", "17,4"})
    void anUnparseableOsVersionIsRefused(String osVersion) {
        fixture.givenNoPriorActivity()
                .when(start(IOS, osVersion, IN_APP))
                .expectException(refusal(Kind.INVALID, "invalid-os-version"))
                .expectNoEvents();
    }

    static Stream<Arguments> everyPlatformAndMethod() {
        return Stream.of(arguments(IOS, ADE), arguments(MACOS, ADE), arguments(ANDROID, QR_CODE),
                arguments(ANDROID, IN_APP), arguments(MACOS, PORTAL));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyPlatformAndMethod")
    void anUnparseableOsVersionIsRefusedWhateverThePlatformAndMethod(Platform platform, EnrollmentMethod method) {
        fixture.givenNoPriorActivity()
                .when(start(platform, "12..1", method))
                .expectException(refusal(Kind.INVALID, "invalid-os-version"))
                .expectNoEvents();
    }

    static Stream<HardwareIdentity> unknownHardware() {
        return Stream.of(HardwareIdentity.UNKNOWN, new HardwareIdentity(" ", "", "\t", "  "));
    }

    @ParameterizedTest
    @MethodSource("unknownHardware")
    void anAndroidEnrollmentMustNameItsHardware(HardwareIdentity identity) {
        fixture.givenNoPriorActivity()
                .when(new StartEnrollment(DEVICE, TENANT, USER, ANDROID, "14", QR_CODE, identity, FCM))
                .expectException(refusal(Kind.INVALID, "hardware-identity-required"))
                .expectNoEvents();
    }

    @Test
    void anAndroidEnrollmentNamingOnlyItsEnterpriseSpecificIdIsStarted() {
        HardwareIdentity esidOnly = new HardwareIdentity(null, null, null, "esid-4711");
        fixture.givenNoPriorActivity()
                .when(new StartEnrollment(DEVICE, TENANT, USER, ANDROID, "14", QR_CODE, esidOnly, FCM))
                .expectEvents(new EnrollmentStarted(DEVICE, TENANT, USER, ANDROID, "14", QR_CODE, esidOnly, FCM));
    }
}
