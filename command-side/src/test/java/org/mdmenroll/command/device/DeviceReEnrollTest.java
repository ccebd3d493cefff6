package org.mdmenroll.command.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.device.DeviceCommands.CancelProfileInstall;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.ReEnroll;
import org.mdmenroll.command.device.DeviceHistory.Stage;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.ANDROID_IDENTITY;
import static org.mdmenroll.command.device.DeviceHistory.APPLE_IDENTITY;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.FCM;
import static org.mdmenroll.command.device.DeviceHistory.OTHER_PROFILE;
import static org.mdmenroll.command.device.DeviceHistory.OTHER_USER;
import static org.mdmenroll.command.device.DeviceHistory.PROFILE;
import static org.mdmenroll.command.device.DeviceHistory.PUSH_TOPIC;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.VALID_UNTIL;
import static org.mdmenroll.command.device.DeviceHistory.cancelled;
import static org.mdmenroll.command.device.DeviceHistory.download;
import static org.mdmenroll.command.device.DeviceHistory.downloaded;
import static org.mdmenroll.command.device.DeviceHistory.enroll;
import static org.mdmenroll.command.device.DeviceHistory.enrolled;
import static org.mdmenroll.command.device.DeviceHistory.history;
import static org.mdmenroll.command.device.DeviceHistory.reEnroll;
import static org.mdmenroll.command.device.DeviceHistory.reEnrolled;
import static org.mdmenroll.command.device.DeviceHistory.started;
import static org.mdmenroll.command.device.ProfileMatchers.downloadedNewProfile;
import static org.mdmenroll.command.device.ProfileMatchers.exactlyPayloads;
import static org.mdmenroll.command.device.ProfileMatchers.profile;
import static org.mdmenroll.events.device.EnrollmentMethod.ACCOUNT_DRIVEN;
import static org.mdmenroll.events.device.EnrollmentMethod.ADE;
import static org.mdmenroll.events.device.EnrollmentMethod.IN_APP;
import static org.mdmenroll.events.device.EnrollmentMethod.PORTAL;
import static org.mdmenroll.events.device.EnrollmentMethod.QR_CODE;
import static org.mdmenroll.events.device.Platform.IOS;
import static org.mdmenroll.events.device.Platform.MACOS;

/** Re-enrolling an entry: from which statuses, on which platforms and OS versions, and what it resets. */
class DeviceReEnrollTest extends DeviceAggregateTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = "DELETED", mode = EnumSource.Mode.EXCLUDE)
    void anAppleEntryReEnrollsFromAnyStatusButDeleted(Stage stage) {
        givenIos(stage)
                .when(reEnroll(" 17.5 ", IN_APP, APPLE_IDENTITY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(reEnrolled("17.5", IN_APP, APPLE_IDENTITY));
    }

    @Test
    void aDeletedEntryDoesNotReEnroll() {
        givenIos(Stage.DELETED)
                .when(reEnroll("17.5", IN_APP, APPLE_IDENTITY))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aReEnrollmentWithoutIdentityRecordsTheHardwareAsUnknown() {
        givenIos(Stage.ACTIVE)
                .when(reEnroll("17.5", IN_APP, null))
                .expectEvents(reEnrolled("17.5", IN_APP, HardwareIdentity.UNKNOWN));
    }

    @ParameterizedTest(name = "Android {0}")
    @ValueSource(strings = {"10", "10.0.1", "14"})
    void android10OrNewerReEnrollsAsANewEntryNotOnThisOne(String osVersion) {
        givenAndroid(Stage.ACTIVE)
                .when(new ReEnroll(DEVICE, OTHER_USER, osVersion, IN_APP, ANDROID_IDENTITY, FCM))
                .expectException(refusal(Kind.CONFLICT, "android-re-enrolls-as-new-entry"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "Android {0}")
    @ValueSource(strings = {"9", "9.9", "8.1", "4.4.4"})
    void android9OrOlderReEnrollsOnTheSameEntry(String osVersion) {
        givenAndroid(Stage.ACTIVE)
                .when(new ReEnroll(DEVICE, OTHER_USER, osVersion, IN_APP, ANDROID_IDENTITY, FCM))
                .expectEvents(new DeviceReEnrolled(DEVICE, TENANT, OTHER_USER, osVersion, IN_APP, ANDROID_IDENTITY,
                        FCM));
    }

    @Test
    void anAndroidReEnrollmentWithAnUnparseableOsVersionIsRefused() {
        givenAndroid(Stage.ACTIVE)
                .when(new ReEnroll(DEVICE, OTHER_USER, "abc", IN_APP, ANDROID_IDENTITY, FCM))
                .expectException(refusal(Kind.INVALID, "invalid-os-version"))
                .expectNoEvents();
    }

    @Test
    void anAppleReEnrollmentWithAnUnparseableOsVersionIsRefused() {
        givenIos(Stage.ACTIVE)
                .when(reEnroll("12..1", IN_APP, APPLE_IDENTITY))
                .expectException(refusal(Kind.INVALID, "invalid-os-version"))
                .expectNoEvents();
    }

    @Test
    void anAndroidReEnrollmentByAnAppleOnlyMethodIsRefused() {
        givenAndroid(Stage.ACTIVE)
                .when(new ReEnroll(DEVICE, OTHER_USER, "9", ADE, ANDROID_IDENTITY, FCM))
                .expectException(refusal(Kind.INVALID, "method-not-for-platform"))
                .expectNoEvents();
    }

    @Test
    void anAndroidReEnrollmentByQrCodeBelowAndroid9IsRefused() {
        givenAndroid(Stage.ACTIVE)
                .when(new ReEnroll(DEVICE, OTHER_USER, "8.1", QR_CODE, ANDROID_IDENTITY, FCM))
                .expectException(refusal(Kind.INVALID, "os-version-unsupported"))
                .expectNoEvents();
    }

    @Test
    void aProfileBasedIosReEnrollmentBelowIos12Point2IsRefused() {
        givenIos(Stage.ACTIVE)
                .when(reEnroll("12.1", IN_APP, APPLE_IDENTITY))
                .expectException(refusal(Kind.INVALID, "os-version-unsupported"))
                .expectNoEvents();
    }

    @Test
    void anAdeIosReEnrollmentBelowIos12Point2IsAllowed() {
        givenIos(Stage.ACTIVE)
                .when(reEnroll("12.1", ADE, APPLE_IDENTITY))
                .expectEvents(reEnrolled("12.1", ADE, APPLE_IDENTITY));
    }

    @Test
    void aProfileBasedMacReEnrollmentBelowMacOs11IsRefused() {
        fixture.given(history(Stage.ACTIVE, MACOS))
                .when(reEnroll("10.15", PORTAL, APPLE_IDENTITY))
                .expectException(refusal(Kind.INVALID, "os-version-unsupported"))
                .expectNoEvents();
    }

    @Test
    void aReEnrolledEntryIsPendingAgainAndCanBeCancelled() {
        fixture.given(history(Stage.ACTIVE, IOS)).andGiven(reEnrolled("17.5", IN_APP, APPLE_IDENTITY))
                .when(new CancelProfileInstall(DEVICE))
                .expectEvents(cancelled());
    }

    @Test
    void aReEnrolledEntryIsNoLongerActive() {
        fixture.given(history(Stage.ACTIVE, IOS)).andGiven(reEnrolled("17.5", IN_APP, APPLE_IDENTITY))
                .when(new CheckOutDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aReEnrolledEntryWhoseProfileHadExpiredDownloadsANewProfile() {
        AtomicReference<UUID> profileId = new AtomicReference<>();
        fixture.given(history(Stage.PROFILE_EXPIRED, IOS)).andGiven(reEnrolled("17.5", IN_APP, APPLE_IDENTITY))
                .when(download())
                .expectEventsMatching(exactlyPayloads(downloadedNewProfile(VALID_UNTIL, profileId, PROFILE)))
                .expectResultMessagePayloadMatching(profile(profileId, VALID_UNTIL));
    }

    @Test
    void aReEnrolledEntryNeedsANewProfileToEnroll() {
        fixture.given(history(Stage.DOWNLOADED, IOS)).andGiven(reEnrolled("17.5", IN_APP, APPLE_IDENTITY))
                .when(enroll())
                .expectException(refusal(Kind.CONFLICT, "profile-not-downloaded"))
                .expectNoEvents();
    }

    @Test
    void aReEnrolledEntryEnrollsWithItsNewProfile() {
        fixture.given(history(Stage.PROFILE_EXPIRED, IOS))
                .andGiven(reEnrolled("17.5", IN_APP, APPLE_IDENTITY), downloaded(OTHER_PROFILE, VALID_UNTIL))
                .when(enroll())
                .expectEvents(enrolled());
    }

    @Test
    void theReEnrollmentsMethodDecidesWhetherTheEnrollmentIsAccountDriven() {
        fixture.given(history(Stage.ACTIVE, IOS))
                .andGiven(reEnrolled("17.5", ACCOUNT_DRIVEN, APPLE_IDENTITY), downloaded(OTHER_PROFILE, VALID_UNTIL))
                .when(enroll())
                .expectEvents(new DeviceEnrolled(DEVICE, TENANT, null, true, PUSH_TOPIC));
    }

    @Test
    void anAccountDrivenEntryReEnrolledInTheAppIsNoLongerAccountDriven() {
        fixture.given(started(IOS, "17.4", ACCOUNT_DRIVEN), downloaded(),
                        new DeviceEnrolled(DEVICE, TENANT, null, true, PUSH_TOPIC),
                        reEnrolled("17.5", IN_APP, APPLE_IDENTITY), downloaded(OTHER_PROFILE, VALID_UNTIL))
                .when(enroll())
                .expectEvents(enrolled());
    }
}
