package org.mdmenroll.command.device;

import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdmenroll.command.device.DeviceCommands.CancelProfileInstall;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.ProfileExpiry;
import org.mdmenroll.command.device.DeviceCommands.RetireDevice;
import org.mdmenroll.command.device.DeviceHistory.Stage;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.APPLE_IDENTITY;
import static org.mdmenroll.command.device.DeviceHistory.CHALLENGE_HASH;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.NOW;
import static org.mdmenroll.command.device.DeviceHistory.PROFILE;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.VALIDITY;
import static org.mdmenroll.command.device.DeviceHistory.VALID_UNTIL;
import static org.mdmenroll.command.device.DeviceHistory.cancelled;
import static org.mdmenroll.command.device.DeviceHistory.download;
import static org.mdmenroll.command.device.DeviceHistory.downloaded;
import static org.mdmenroll.command.device.DeviceHistory.enroll;
import static org.mdmenroll.command.device.DeviceHistory.expired;
import static org.mdmenroll.command.device.DeviceHistory.reEnroll;
import static org.mdmenroll.command.device.DeviceHistory.start;
import static org.mdmenroll.command.device.DeviceHistory.started;
import static org.mdmenroll.command.device.ProfileMatchers.downloadedNewProfile;
import static org.mdmenroll.command.device.ProfileMatchers.exactlyPayloads;
import static org.mdmenroll.command.device.ProfileMatchers.expiryOf;
import static org.mdmenroll.command.device.ProfileMatchers.profile;
import static org.mdmenroll.events.device.EnrollmentMethod.IN_APP;
import static org.mdmenroll.events.device.Platform.IOS;

/** The enrollment profile: downloading it (Apple only, while enrolling) and its expiry deadline. */
class DeviceProfileTest extends DeviceAggregateTest {

    // ---- downloading the profile ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void aDownloadedProfileIsValidForTheValidityFromNowAndAnswered(Platform platform) {
        AtomicReference<UUID> profileId = new AtomicReference<>();
        fixture.given(started(platform))
                .when(download())
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactlyPayloads(downloadedNewProfile(VALID_UNTIL, profileId)))
                .expectResultMessagePayloadMatching(profile(profileId, VALID_UNTIL))
                .expectScheduledDeadlineMatching(VALIDITY, Matchers.messageWithPayload(expiryOf(profileId)));
    }

    @Test
    void theValidityCountsFromTheClockAtTheTimeOfDownloading() {
        Instant later = NOW.plus(Duration.ofDays(3));
        clock.setInstant(later);
        Duration validity = Duration.ofMinutes(90);
        AtomicReference<UUID> profileId = new AtomicReference<>();
        fixture.given(started(IOS))
                .when(new DownloadProfile(DEVICE, validity, CHALLENGE_HASH))
                .expectEventsMatching(exactlyPayloads(downloadedNewProfile(later.plus(validity), profileId)))
                .expectResultMessagePayloadMatching(profile(profileId, later.plus(validity)))
                .expectScheduledDeadlineMatching(validity, Matchers.messageWithPayload(expiryOf(profileId)));
    }

    @Test
    void androidHasNoProfileToDownload() {
        givenAndroid(Stage.STARTED)
                .when(download())
                .expectException(refusal(Kind.CONFLICT, "no-profile-for-platform"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void downloadingAgainReplacesTheProfileWithANewOne() {
        clock.advance(Duration.ofHours(2));
        Instant validUntil = NOW.plus(Duration.ofHours(2)).plus(VALIDITY);
        AtomicReference<UUID> profileId = new AtomicReference<>();
        givenIos(Stage.DOWNLOADED)
                .when(download())
                .expectEventsMatching(exactlyPayloads(downloadedNewProfile(validUntil, profileId, PROFILE)))
                .expectResultMessagePayloadMatching(profile(profileId, validUntil))
                .expectScheduledDeadlineMatching(VALIDITY, Matchers.messageWithPayload(expiryOf(profileId)));
    }

    @Test
    void theProfileCanBeDownloadedAgainAfterCancellingTheInstall() {
        AtomicReference<UUID> profileId = new AtomicReference<>();
        givenIos(Stage.CANCELLED)
                .when(download())
                .expectEventsMatching(exactlyPayloads(downloadedNewProfile(VALID_UNTIL, profileId, PROFILE)))
                .expectResultMessagePayloadMatching(profile(profileId, VALID_UNTIL));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"PROFILE_EXPIRED", "CANCELLED_EXPIRED"})
    void noProfileIsDownloadedOnceTheProfileExpired(Stage stage) {
        givenIos(stage)
                .when(download())
                .expectException(refusal(Kind.GONE, "profile-expired"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RETIRED", "CHECKED_OUT", "SUPERSEDED", "WIPED", "RESET",
            "DELETED"})
    void noProfileIsDownloadedOutsideAnEnrollment(Stage stage) {
        givenIos(stage)
                .when(download())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void noProfileIsDownloadedForARetiredCancelledEntry() {
        fixture.given(started(IOS), downloaded(), cancelled(), new DeviceRetired(DEVICE, TENANT))
                .when(download())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- profile expiry deadline ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void aProfileNotInstalledWithinItsValidityExpires(Platform platform) {
        TestExecutor<Device> given = fixture.givenCommands(start(platform), download());
        UUID profileId = onlyDownloadedProfile();
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectEvents(expired(profileId));
    }

    @Test
    void aProfileDoesNotExpireBeforeItsValidityPassed() {
        fixture.givenCommands(start(IOS), download())
                .whenTimeElapses(VALIDITY.minusSeconds(1))
                .expectTriggeredDeadlines()
                .expectNoEvents();
    }

    @Test
    void aProfileInstalledBeforeItsValidityPassedDoesNotExpire() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(), enroll());
        UUID profileId = onlyDownloadedProfile();
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectNoEvents();
    }

    @Test
    void theDeadlineOfAReplacedProfileRecordsNothing() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(),
                new DownloadProfile(DEVICE, VALIDITY.multipliedBy(2), CHALLENGE_HASH));
        List<UUID> profiles = downloadedProfiles();
        assertEquals(2, profiles.size());
        assertNotEquals(profiles.get(0), profiles.get(1));
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profiles.get(0)))
                .expectNoEvents();
    }

    @Test
    void onlyTheNewestProfileExpiresAtItsOwnTime() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(),
                new DownloadProfile(DEVICE, VALIDITY.multipliedBy(2), CHALLENGE_HASH));
        List<UUID> profiles = downloadedProfiles();
        given.whenTimeElapses(VALIDITY.multipliedBy(2))
                .expectTriggeredDeadlines(new ProfileExpiry(profiles.get(0)), new ProfileExpiry(profiles.get(1)))
                .expectEvents(expired(profiles.get(1)));
    }

    @Test
    void aNewestProfileWithShorterValidityExpiresFirstAndTheOlderDeadlineRecordsNothingLater() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS),
                new DownloadProfile(DEVICE, VALIDITY.multipliedBy(2), CHALLENGE_HASH), download());
        List<UUID> profiles = downloadedProfiles();
        given.whenTimeElapses(VALIDITY.multipliedBy(2))
                .expectTriggeredDeadlines(new ProfileExpiry(profiles.get(1)), new ProfileExpiry(profiles.get(0)))
                .expectEvents(expired(profiles.get(1)));
    }

    @Test
    void theProfileOfACancelledInstallStillExpires() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(),
                new CancelProfileInstall(DEVICE));
        UUID profileId = onlyDownloadedProfile();
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectEvents(expired(profileId));
    }

    @Test
    void theProfileOfAResumedInstallDoesNotExpire() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(),
                new CancelProfileInstall(DEVICE), enroll());
        UUID profileId = onlyDownloadedProfile();
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectNoEvents();
    }

    @Test
    void aProfileExpiresOnlyOnce() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download());
        UUID profileId = onlyDownloadedProfile();
        given.andGiven(expired(profileId))
                .whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectNoEvents();
    }

    @Test
    void theProfileOfARetiredEnrollmentDoesNotExpire() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(), new RetireDevice(DEVICE));
        UUID profileId = onlyDownloadedProfile();
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectNoEvents();
    }

    @Test
    void reEnrollingDropsTheDownloadedProfileSoItsDeadlineRecordsNothing() {
        TestExecutor<Device> given = fixture.givenCommands(start(IOS), download(),
                reEnroll("17.4", IN_APP, APPLE_IDENTITY));
        UUID profileId = onlyDownloadedProfile();
        given.whenTimeElapses(VALIDITY)
                .expectTriggeredDeadlines(new ProfileExpiry(profileId))
                .expectNoEvents();
    }
}
