package org.mdmenroll.command.device;

import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.device.DeviceCommands.CancelProfileInstall;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.DeleteDevice;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceCommands.Profile;
import org.mdmenroll.command.device.DeviceCommands.ProfileExpiry;
import org.mdmenroll.command.device.DeviceCommands.ReEnroll;
import org.mdmenroll.command.device.DeviceCommands.RecordManualCaCertificatesRemoved;
import org.mdmenroll.command.device.DeviceCommands.ResetDevice;
import org.mdmenroll.command.device.DeviceCommands.RetireDevice;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.command.device.DeviceCommands.RequireReEnrollment;
import org.mdmenroll.command.device.DeviceCommands.SupersedeEntry;
import org.mdmenroll.command.device.DeviceCommands.WipeDevice;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
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
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.events.device.EnrollmentMethod.ACCOUNT_DRIVEN;
import static org.mdmenroll.events.device.EnrollmentMethod.ADE;
import static org.mdmenroll.events.device.EnrollmentMethod.INVITATION;
import static org.mdmenroll.events.device.EnrollmentMethod.IN_APP;
import static org.mdmenroll.events.device.EnrollmentMethod.PORTAL;
import static org.mdmenroll.events.device.EnrollmentMethod.QR_CODE;
import static org.mdmenroll.events.device.Platform.ANDROID;
import static org.mdmenroll.events.device.Platform.IOS;
import static org.mdmenroll.events.device.Platform.MACOS;

class DeviceTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final DeviceId OTHER_DEVICE = DeviceId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final UserId OTHER_USER = UserId.of("6b1f9d8c-2e3a-4d4c-9f0b-1a2b3c4d5e6f");

    private static final UUID PROFILE = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    private static final UUID OTHER_PROFILE = UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");

    private static final String CHALLENGE_HASH = "9f".repeat(32);
    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final Duration VALIDITY = Duration.ofHours(24);
    private static final Instant VALID_UNTIL = NOW.plus(VALIDITY);

    private static final HardwareIdentity APPLE_IDENTITY = new HardwareIdentity("c02xl0gyjgh5", null, null, null);
    private static final HardwareIdentity ANDROID_IDENTITY =
            new HardwareIdentity("r58m12abcde", null, "356938035643809", "esid-4711");
    private static final PushChannel APNS = new PushChannel(PushChannel.Type.APNS, "sealed-apns-token");
    private static final PushChannel FCM = new PushChannel(PushChannel.Type.FCM, "sealed-fcm-token");
    private static final String PUSH_TOPIC = "com.apple.mgmt.External.2a8c1f3e";

    private final MutableClock clock = new MutableClock(NOW);
    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(clock);
    }

    // ---- given ----------------------------------------------------------------------------------

    private static String defaultVersion(Platform platform) {
        return switch (platform) {
            case IOS -> "17.4";
            case MACOS -> "14.4";
            case ANDROID -> "14";
        };
    }

    private static EnrollmentMethod defaultMethod(Platform platform) {
        return switch (platform) {
            case IOS -> IN_APP;
            case MACOS -> PORTAL;
            case ANDROID -> QR_CODE;
        };
    }

    private static HardwareIdentity identity(Platform platform) {
        return platform == ANDROID ? ANDROID_IDENTITY : APPLE_IDENTITY;
    }

    private static PushChannel push(Platform platform) {
        return platform == ANDROID ? FCM : APNS;
    }

    private static StartEnrollment start(Platform platform, String osVersion, EnrollmentMethod method) {
        return new StartEnrollment(DEVICE, TENANT, USER, platform, osVersion, method, identity(platform),
                push(platform));
    }

    private static StartEnrollment start(Platform platform) {
        return start(platform, defaultVersion(platform), defaultMethod(platform));
    }

    private static EnrollmentStarted started(Platform platform, String osVersion, EnrollmentMethod method) {
        return new EnrollmentStarted(DEVICE, TENANT, USER, platform, osVersion, method, identity(platform),
                push(platform));
    }

    private static EnrollmentStarted started(Platform platform) {
        return started(platform, defaultVersion(platform), defaultMethod(platform));
    }

    private static EnrollmentProfileDownloaded downloaded(UUID profileId, Instant validUntil) {
        return new EnrollmentProfileDownloaded(DEVICE, TENANT, profileId, validUntil, CHALLENGE_HASH);
    }

    private static EnrollmentProfileDownloaded downloaded() {
        return downloaded(PROFILE, VALID_UNTIL);
    }

    private static EnrollmentProfileExpired expired(UUID profileId) {
        return new EnrollmentProfileExpired(DEVICE, TENANT, profileId);
    }

    private static EnrollmentProfileInstallCancelled cancelled() {
        return new EnrollmentProfileInstallCancelled(DEVICE, TENANT);
    }

    private static DeviceEnrolled enrolled() {
        return new DeviceEnrolled(DEVICE, TENANT, null, false, PUSH_TOPIC);
    }

    private static ReEnroll reEnroll(String osVersion, EnrollmentMethod method, HardwareIdentity identity) {
        return new ReEnroll(DEVICE, OTHER_USER, osVersion, method, identity, APNS);
    }

    private static DeviceReEnrolled reEnrolled(String osVersion, EnrollmentMethod method, HardwareIdentity identity) {
        return new DeviceReEnrolled(DEVICE, TENANT, OTHER_USER, osVersion, method, identity, APNS);
    }

    private static DownloadProfile download() {
        return new DownloadProfile(DEVICE, VALIDITY, CHALLENGE_HASH);
    }

    private static EnrollDevice enroll() {
        return new EnrollDevice(DEVICE, null, PUSH_TOPIC);
    }

    /** Where an entry stands; its status as DESIGN.md §4 names it is in the comment. */
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
    private static List<Object> history(Stage stage, Platform platform) {
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

    private TestExecutor<Device> givenIos(Stage stage) {
        return fixture.given(history(stage, IOS));
    }

    private TestExecutor<Device> givenAndroid(Stage stage) {
        return fixture.given(history(stage, ANDROID));
    }

    /** The profile ids downloaded so far, oldest first, read from the fixture's events of the entry. */
    private List<UUID> downloadedProfiles() {
        List<UUID> ids = new ArrayList<>();
        fixture.getEventStore().readEvents(DEVICE.toString()).asStream()
                .map(Message::getPayload)
                .filter(EnrollmentProfileDownloaded.class::isInstance)
                .map(payload -> ((EnrollmentProfileDownloaded) payload).profileId())
                .forEach(ids::add);
        return ids;
    }

    private UUID onlyDownloadedProfile() {
        List<UUID> ids = downloadedProfiles();
        assertEquals(1, ids.size(), "profiles downloaded in the given commands");
        return ids.get(0);
    }

    // ---- then -----------------------------------------------------------------------------------

    /** Exactly these payloads, in this order, and nothing more. */
    @SuppressWarnings("unchecked")
    private static Matcher<List<Message<?>>> exactlyPayloads(Matcher<?>... payloads) {
        List<Matcher<Message<?>>> messages = new ArrayList<>();
        for (Matcher<?> payload : payloads) {
            messages.add(Matchers.messageWithPayload(payload));
        }
        messages.add(Matchers.andNoMore());
        return Matchers.exactSequenceOf(messages.toArray(new Matcher[0]));
    }

    /**
     * A download of the entry valid until {@code validUntil} with a fresh profile id (none of
     * {@code notIds}), remembered in {@code profileId}.
     */
    private static Matcher<EnrollmentProfileDownloaded> downloadedNewProfile(Instant validUntil,
            AtomicReference<UUID> profileId, UUID... notIds) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(EnrollmentProfileDownloaded event, Description mismatch) {
                if (event.profileId() == null || List.of(notIds).contains(event.profileId())
                        || !downloaded(event.profileId(), validUntil).equals(event)) {
                    mismatch.appendText("was ").appendValue(event);
                    return false;
                }
                profileId.set(event.profileId());
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("EnrollmentProfileDownloaded[deviceId=" + DEVICE + ", tenantId=" + TENANT
                        + ", profileId=<new, not " + List.of(notIds) + ">, validUntil=" + validUntil + "]");
            }
        };
    }

    /** The profile answered to the device: the one recorded in the event, valid until {@code validUntil}. */
    private static Matcher<Profile> profile(AtomicReference<UUID> profileId, Instant validUntil) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Profile profile, Description mismatch) {
                if (profileId.get() == null || !new Profile(profileId.get(), validUntil).equals(profile)) {
                    mismatch.appendText("was ").appendValue(profile);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("Profile[profileId=" + profileId.get() + ", validUntil=" + validUntil + "]");
            }
        };
    }

    /** The expiry deadline of the profile in {@code profileId}. */
    private static Matcher<ProfileExpiry> expiryOf(AtomicReference<UUID> profileId) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(ProfileExpiry expiry, Description mismatch) {
                if (profileId.get() == null || !Objects.equals(profileId.get(), expiry.profileId())) {
                    mismatch.appendText("was ").appendValue(expiry);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("ProfileExpiry[profileId=" + profileId.get() + "]");
            }
        };
    }

    // ---- starting an enrollment -----------------------------------------------------------------

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

    // ---- re-enrolling ---------------------------------------------------------------------------

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

    // ---- checking out ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anActiveOrResetDeviceChecksOut(Stage stage) {
        givenIos(stage)
                .when(new CheckOutDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceCheckedOut(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void onlyAnActiveOrResetDeviceChecksOut(Stage stage) {
        givenIos(stage)
                .when(new CheckOutDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- retiring -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"STARTED", "DOWNLOADED", "PROFILE_EXPIRED", "CANCELLED",
            "CANCELLED_EXPIRED", "ACTIVE", "RESET"})
    void anEnrollmentInProgressOrAManagedDeviceIsRetired(Stage stage) {
        givenIos(stage)
                .when(new RetireDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceRetired(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"RETIRED", "CHECKED_OUT", "SUPERSEDED", "WIPED", "DELETED"})
    void anEntryNoLongerManagedIsNotRetired(Stage stage) {
        givenIos(stage)
                .when(new RetireDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aRetiredCancelledEntryIsNotRetiredAgain() {
        fixture.given(started(IOS), downloaded(), cancelled(), new DeviceRetired(DEVICE, TENANT))
                .when(new RetireDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- wiping ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anActiveOrResetDeviceIsWiped(Stage stage) {
        givenIos(stage)
                .when(new WipeDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceWiped(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void onlyAnActiveOrResetDeviceIsWiped(Stage stage) {
        givenIos(stage)
                .when(new WipeDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- resetting ------------------------------------------------------------------------------

    @Test
    void anActiveDeviceIsReset() {
        givenIos(Stage.ACTIVE)
                .when(new ResetDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceReset(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnActiveDeviceIsReset(Stage stage) {
        givenIos(stage)
                .when(new ResetDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- deleting -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = "DELETED", mode = EnumSource.Mode.EXCLUDE)
    void anyEntryButADeletedOneIsDeleted(Stage stage) {
        givenIos(stage)
                .when(new DeleteDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceDeleted(DEVICE, TENANT));
    }

    @Test
    void aDeletedEntryIsNotDeletedAgain() {
        givenIos(Stage.DELETED)
                .when(new DeleteDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- re-enrollment required (push topic changed) ---------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anAppleEntryActiveOnTheServerIsMarkedForReEnrollment(Stage stage) {
        givenIos(stage)
                .when(new RequireReEnrollment(DEVICE, "MDM push topic changed"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceReEnrollmentRequired(DEVICE, TENANT, "MDM push topic changed"))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void anAppleEntryNotActiveOnTheServerIsNotMarked(Stage stage) {
        givenIos(stage)
                .when(new RequireReEnrollment(DEVICE, "MDM push topic changed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anAndroidEntryIsNeverMarkedForAnApplePushTopic() {
        fixture.given(history(Stage.ACTIVE, Platform.ANDROID))
                .when(new RequireReEnrollment(DEVICE, "MDM push topic changed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // ---- superseding ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anEntryActiveOnTheServerIsSupersededAndAnsweredTrue(Stage stage) {
        givenIos(stage)
                .when(new SupersedeEntry(DEVICE, OTHER_DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void anEntryNotActiveOnTheServerIsLeftAsItIsAndAnsweredFalse(Stage stage) {
        givenIos(stage)
                .when(new SupersedeEntry(DEVICE, OTHER_DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anEntryIsNotSupersededByItself(Stage stage) {
        givenIos(stage)
                .when(new SupersedeEntry(DEVICE, DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aSupersededEntryIsInactiveAndNoLongerSuperseded() {
        givenIos(Stage.ACTIVE).andGiven(new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE))
                .when(new SupersedeEntry(DEVICE, DeviceId.of("00000000-0000-4000-8000-000000000001")))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // ---- manually installed CA certificates -----------------------------------------------------

    @Test
    void anActiveAndroidDeviceReportsRemovedCaCertificates() {
        givenAndroid(Stage.ACTIVE)
                .andGiven(new AndroidAgentRegistered(DEVICE, TENANT, EnrollmentTokenId.random(), 34,
                        AndroidManagementMode.FULLY_MANAGED, "cd".repeat(32)))
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ManualCaCertificatesRemoved(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void onlyAndroidReportsRemovedCaCertificates(Platform platform) {
        fixture.given(history(Stage.ACTIVE, platform))
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "android-only"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"STARTED", "CANCELLED", "RETIRED", "CHECKED_OUT", "SUPERSEDED",
            "WIPED", "RESET", "DELETED"})
    void onlyAnActiveAndroidDeviceReportsRemovedCaCertificates(Stage stage) {
        givenAndroid(stage)
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }
}
