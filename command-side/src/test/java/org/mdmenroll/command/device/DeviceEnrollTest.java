package org.mdmenroll.command.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdmenroll.command.device.DeviceCommands.CancelProfileInstall;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceHistory.Stage;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;

import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.NOW;
import static org.mdmenroll.command.device.DeviceHistory.OTHER_PROFILE;
import static org.mdmenroll.command.device.DeviceHistory.PROFILE;
import static org.mdmenroll.command.device.DeviceHistory.PUSH_TOPIC;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.VALID_UNTIL;
import static org.mdmenroll.command.device.DeviceHistory.cancelled;
import static org.mdmenroll.command.device.DeviceHistory.defaultVersion;
import static org.mdmenroll.command.device.DeviceHistory.downloaded;
import static org.mdmenroll.command.device.DeviceHistory.enroll;
import static org.mdmenroll.command.device.DeviceHistory.enrolled;
import static org.mdmenroll.command.device.DeviceHistory.history;
import static org.mdmenroll.command.device.DeviceHistory.started;
import static org.mdmenroll.events.device.EnrollmentMethod.ACCOUNT_DRIVEN;
import static org.mdmenroll.events.device.Platform.IOS;
import static org.mdmenroll.events.device.Platform.MACOS;

/** Enrolling: with a still valid profile on Apple devices, and resuming a cancelled install. */
class DeviceEnrollTest extends DeviceAggregateTest {

    // ---- cancelling the install -----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"STARTED", "DOWNLOADED", "PROFILE_EXPIRED"})
    void aPendingEnrollmentCanBeCancelled(Stage stage) {
        givenIos(stage)
                .when(new CancelProfileInstall(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(cancelled());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"STARTED", "DOWNLOADED", "PROFILE_EXPIRED"},
            mode = EnumSource.Mode.EXCLUDE)
    void onlyAPendingEnrollmentCanBeCancelled(Stage stage) {
        givenIos(stage)
                .when(new CancelProfileInstall(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aCancelledInstallResumesWithTheStillValidProfile() {
        clock.setInstant(VALID_UNTIL.minusSeconds(1));
        givenIos(Stage.CANCELLED)
                .when(enroll())
                .expectSuccessfulHandlerExecution()
                .expectEvents(enrolled());
    }

    @Test
    void aResumedEnrollmentIsActiveAndDoesNotEnrollAgain() {
        fixture.given(started(IOS), downloaded(), cancelled(), enrolled())
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aCancelledInstallDoesNotResumeOnceTheProfileExpired() {
        givenIos(Stage.CANCELLED_EXPIRED)
                .when(enroll())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents();
    }

    @Test
    void aCancelledInstallDoesNotResumeOnceTheProfilesValidityPassedEvenBeforeItsDeadlineFired() {
        clock.setInstant(VALID_UNTIL);
        givenIos(Stage.CANCELLED)
                .when(enroll())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents();
    }

    @Test
    void aCancelledAndThenRetiredEntryNoLongerResumes() {
        fixture.given(started(IOS), downloaded(), cancelled(), new DeviceRetired(DEVICE, TENANT))
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aCancelledAndThenDeletedEntryNoLongerResumes() {
        fixture.given(started(IOS), downloaded(), cancelled(), new DeviceDeleted(DEVICE, TENANT))
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aCancelledAndroidEnrollmentResumesWithoutAProfile() {
        givenAndroid(Stage.CANCELLED)
                .when(enroll())
                .expectEvents(enrolled());
    }

    // ---- enrolling ------------------------------------------------------------------------------

    @Test
    void anIosDeviceWithAValidProfileEnrolls() {
        givenIos(Stage.DOWNLOADED)
                .when(enroll())
                .expectSuccessfulHandlerExecution()
                .expectEvents(enrolled());
    }

    @Test
    void aProfileStillWorksJustBeforeItsValidityEnds() {
        clock.setInstant(VALID_UNTIL.minusMillis(1));
        givenIos(Stage.DOWNLOADED)
                .when(enroll())
                .expectEvents(enrolled());
    }

    @Test
    void aMacRecordsTheUserLoggedInDuringEnrollment() {
        fixture.given(started(MACOS), downloaded())
                .when(new EnrollDevice(DEVICE, "joe", PUSH_TOPIC))
                .expectEvents(new DeviceEnrolled(DEVICE, TENANT, "joe", false, PUSH_TOPIC));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "ANDROID"})
    void onlyAMacRecordsAnEnrolledUser(Platform platform) {
        fixture.given(history(Stage.DOWNLOADED, platform))
                .when(new EnrollDevice(DEVICE, "joe", PUSH_TOPIC))
                .expectException(refusal(Kind.INVALID, "enrolled-user-macos-only"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void anAccountDrivenEnrollmentIsRecordedAsSuch(Platform platform) {
        fixture.given(started(platform, defaultVersion(platform), ACCOUNT_DRIVEN), downloaded())
                .when(enroll())
                .expectEvents(new DeviceEnrolled(DEVICE, TENANT, null, true, PUSH_TOPIC));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = EnrollmentMethod.class, names = "ACCOUNT_DRIVEN", mode = EnumSource.Mode.EXCLUDE)
    void anyOtherEnrollmentIsNotAccountDriven(EnrollmentMethod method) {
        fixture.given(started(IOS, "17.4", method), downloaded())
                .when(enroll())
                .expectEvents(enrolled());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void anAppleDeviceCannotEnrollWithoutADownloadedProfile(Platform platform) {
        fixture.given(started(platform))
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "profile-not-downloaded"))
                .expectNoEvents();
    }

    @Test
    void anAppleDeviceCannotEnrollWithAnExpiredProfile() {
        givenIos(Stage.PROFILE_EXPIRED)
                .when(enroll())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents();
    }

    @Test
    void aProfileNoLongerWorksOnceTheClockPassedItsValidityEvenBeforeTheDeadlineFired() {
        clock.setInstant(VALID_UNTIL.plusSeconds(1));
        givenIos(Stage.DOWNLOADED)
                .when(enroll())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents();
    }

    @Test
    void aProfileNoLongerWorksAtTheInstantItsValidityEnds() {
        clock.setInstant(VALID_UNTIL);
        givenIos(Stage.DOWNLOADED)
                .when(enroll())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents();
    }

    @Test
    void theNewestDownloadsValidityCountsWhenItOutlivesTheEarlierOne() {
        clock.setInstant(NOW.plus(Duration.ofHours(2)));
        fixture.given(started(IOS), downloaded(PROFILE, NOW.plus(Duration.ofHours(1))),
                        downloaded(OTHER_PROFILE, NOW.plus(Duration.ofHours(3))))
                .when(enroll())
                .expectEvents(enrolled());
    }

    @Test
    void theNewestDownloadsValidityCountsWhenItEndsBeforeTheEarlierOne() {
        clock.setInstant(NOW.plus(Duration.ofHours(2)));
        fixture.given(started(IOS), downloaded(PROFILE, NOW.plus(Duration.ofHours(3))),
                        downloaded(OTHER_PROFILE, NOW.plus(Duration.ofHours(1))))
                .when(enroll())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents();
    }

    @Test
    void anAndroidDeviceEnrollsWithoutAProfile() {
        givenAndroid(Stage.STARTED)
                .when(enroll())
                .expectSuccessfulHandlerExecution()
                .expectEvents(enrolled());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RETIRED", "CHECKED_OUT", "SUPERSEDED", "WIPED", "RESET",
            "DELETED"})
    void onlyAnEnrollmentInProgressCanEnroll(Stage stage) {
        givenIos(stage)
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RETIRED", "DELETED"})
    void anAndroidEntryOutsideAnEnrollmentCannotEnroll(Stage stage) {
        givenAndroid(stage)
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }
}
