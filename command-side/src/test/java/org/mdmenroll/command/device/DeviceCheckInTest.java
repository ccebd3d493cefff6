package org.mdmenroll.command.device;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.DownloadProfile;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceCommands.RecordCheckInAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.RecordMdmPushFailed;
import org.mdmenroll.command.device.DeviceCommands.RecordMdmPushSent;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.mdmenroll.command.RefusalMatcher.refusal;

/**
 * The Apple check-in's commands on a device entry: Authenticate, TokenUpdate (device and macOS user
 * channels), check-out after enrollment, and the recorded outcome of MDM pushes.
 */
class DeviceCheckInTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final UUID PROFILE = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final Duration VALIDITY = Duration.ofMinutes(5);
    private static final String UDID = "00008110-000A1D2C3E4F501E";
    private static final String SERIAL = "F2LXK0ABHG7F";
    private static final String TOPIC = "com.apple.mgmt.External.2a8c1f3e-0000-4000-8000-000000000001";
    private static final String USER_GUID = "A1B2C3D4-0000-4000-8000-000000000001";

    private final MutableClock clock = new MutableClock(NOW);
    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(new TestCommandEncoder());
        fixture.registerInjectableResource(clock);
    }

    private static List<Object> downloaded(Platform platform, HardwareIdentity identity) {
        List<Object> events = new ArrayList<>();
        events.add(new EnrollmentStarted(DEVICE, TENANT, USER, platform, platform == Platform.MACOS ? "14.4" : "17.4",
                EnrollmentMethod.IN_APP, identity, null));
        events.add(new EnrollmentProfileDownloaded(DEVICE, TENANT, PROFILE, NOW.plus(VALIDITY), null));
        return events;
    }

    private static List<Object> downloaded(Platform platform) {
        return downloaded(platform, HardwareIdentity.UNKNOWN);
    }

    private static RecordCheckInAuthenticate authenticate(String udid, String serial) {
        return new RecordCheckInAuthenticate(DEVICE, udid, null, serial, "iPhone14,5", "iPhone", "iPhone14,5", "17.4",
                "21E219", "Joe's iPhone");
    }

    private static DeviceAuthenticated authenticated() {
        return new DeviceAuthenticated(DEVICE, TENANT, UDID, null, SERIAL, "iPhone14,5", "iPhone", "iPhone14,5", "17.4",
                "21E219", "Joe's iPhone");
    }

    private static UpdateMdmPushToken deviceToken() {
        return new UpdateMdmPushToken(DEVICE, null, null, null, TOPIC, "sealed-token", "sealed-magic", "sealed-unlock");
    }

    private static MdmPushTokenUpdated deviceTokenUpdated() {
        return new MdmPushTokenUpdated(DEVICE, TENANT, null, TOPIC, "sealed-token", "sealed-magic", "sealed-unlock", false);
    }

    private static UpdateMdmPushToken userToken() {
        return new UpdateMdmPushToken(DEVICE, USER_GUID, "joe", "Joe Doe", TOPIC, "sealed-user-token",
                "sealed-user-magic", null);
    }

    private static DeviceEnrolled enrolled() {
        return new DeviceEnrolled(DEVICE, TENANT, null, false, TOPIC);
    }

    private TestExecutor<Device> givenAuthenticated(Platform platform) {
        return fixture.given(downloaded(platform)).andGiven(authenticated());
    }

    private TestExecutor<Device> givenEnrolled(Platform platform) {
        return givenAuthenticated(platform).andGiven(deviceTokenUpdated(), enrolled());
    }

    // ---- Authenticate ---------------------------------------------------------------------------

    @Test
    void authenticateRecordsWhatTheDeviceReports() {
        fixture.given(downloaded(Platform.IOS))
                .when(authenticate(UDID, SERIAL))
                .expectSuccessfulHandlerExecution()
                .expectEvents(authenticated());
    }

    @Test
    void authenticateMatchingTheHardwareTheEntryKnowsIsAccepted() {
        fixture.given(downloaded(Platform.IOS, new HardwareIdentity(SERIAL.toLowerCase(), UDID, null, null)))
                .when(authenticate(UDID, SERIAL))
                .expectEvents(authenticated());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udid", "serial"})
    void authenticateReportingOtherHardwareThanTheEntryKnowsIsRefused(String which) {
        HardwareIdentity known = which.equals("udid") ? new HardwareIdentity(null, "00008110-FFFFFFFFFFFFFFFF", null, null)
                : new HardwareIdentity("C02OTHERSERIAL", null, null, null);
        fixture.given(downloaded(Platform.IOS, known))
                .when(authenticate(UDID, SERIAL))
                .expectException(refusal(Kind.UNAUTHORIZED, "device-identity-mismatch"))
                .expectNoEvents();
    }

    @Test
    void aSecondAuthenticateWithAnotherUdidIsRefused() {
        givenEnrolled(Platform.IOS)
                .when(authenticate("00008110-FFFFFFFFFFFFFFFF", SERIAL))
                .expectException(refusal(Kind.UNAUTHORIZED, "device-identity-mismatch"))
                .expectNoEvents();
    }

    @Test
    void anEnrolledDeviceAuthenticatingAgainIsRecorded() {
        givenEnrolled(Platform.IOS)
                .when(authenticate(UDID, SERIAL))
                .expectEvents(authenticated());
    }

    @Test
    void aCancelledInstallThatAuthenticatesAnywayIsRecorded() {
        fixture.given(downloaded(Platform.IOS)).andGiven(new EnrollmentProfileInstallCancelled(DEVICE, TENANT))
                .when(authenticate(UDID, SERIAL))
                .expectEvents(authenticated());
    }

    @Test
    void authenticateBeforeAnyProfileWasDownloadedIsRefused() {
        fixture.given(new EnrollmentStarted(DEVICE, TENANT, USER, Platform.IOS, "17.4", EnrollmentMethod.IN_APP,
                        HardwareIdentity.UNKNOWN, null))
                .when(authenticate(UDID, SERIAL))
                .expectException(refusal(Kind.CONFLICT, "profile-not-downloaded"))
                .expectNoEvents();
    }

    @Test
    void aRetiredOrWipedEntryDoesNotCheckIn() {
        givenEnrolled(Platform.IOS).andGiven(new DeviceRetired(DEVICE, TENANT))
                .when(authenticate(UDID, SERIAL))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
        givenEnrolled(Platform.IOS).andGiven(new DeviceWiped(DEVICE, TENANT))
                .when(authenticate(UDID, SERIAL))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void androidDoesNotCheckInThroughMdm() {
        fixture.given(new EnrollmentStarted(DEVICE, TENANT, USER, Platform.ANDROID, "14", EnrollmentMethod.IN_APP,
                        new HardwareIdentity("R58", null, null, null), null))
                .when(authenticate(UDID, SERIAL))
                .expectException(refusal(Kind.CONFLICT, "apple-only"))
                .expectNoEvents();
    }

    @Test
    void anAuthenticatedEnrollmentNoLongerExpires() {
        fixture.givenCommands(new StartEnrollment(DEVICE, TENANT, USER, Platform.IOS, "17.4", EnrollmentMethod.IN_APP,
                                HardwareIdentity.UNKNOWN, null),
                        new DownloadProfile(DEVICE, VALIDITY, null), authenticate(UDID, SERIAL))
                .whenTimeElapses(VALIDITY)
                .expectNoEvents();
    }

    @Test
    void anAuthenticatedDeviceEnrollsAfterItsProfileValidityPassed() {
        clock.setInstant(NOW.plus(VALIDITY).plusSeconds(1));
        givenAuthenticated(Platform.IOS)
                .when(new EnrollDevice(DEVICE, null, TOPIC))
                .expectEvents(enrolled());
    }

    // ---- TokenUpdate ----------------------------------------------------------------------------

    @Test
    void theFirstDeviceTokenUpdateIsRecordedAndCompletesTheEnrollment() {
        givenAuthenticated(Platform.IOS)
                .when(deviceToken())
                .expectEvents(deviceTokenUpdated())
                .expectResultMessagePayload(true);
    }

    @Test
    void aLaterDeviceTokenUpdateOnlyUpdatesTheToken() {
        givenEnrolled(Platform.IOS)
                .when(deviceToken())
                .expectEvents(deviceTokenUpdated())
                .expectResultMessagePayload(false);
    }

    @Test
    void aTokenUpdateBeforeAuthenticateIsRefused() {
        fixture.given(downloaded(Platform.IOS))
                .when(deviceToken())
                .expectException(refusal(Kind.CONFLICT, "authenticate-first"))
                .expectNoEvents();
    }

    @Test
    void aTokenUpdateOfACheckedOutDeviceIsRefused() {
        givenEnrolled(Platform.IOS).andGiven(new DeviceCheckedOut(DEVICE, TENANT))
                .when(deviceToken())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void theFirstUserChannelTokenUpdateOfAMacRecordsTheEnrolledUser() {
        givenEnrolled(Platform.MACOS)
                .when(userToken())
                .expectEvents(new MdmPushTokenUpdated(DEVICE, TENANT, USER_GUID, TOPIC, "sealed-user-token",
                                "sealed-user-magic", null, false),
                        new DeviceUserChannelEnrolled(DEVICE, TENANT, USER_GUID, "joe", "Joe Doe"))
                .expectResultMessagePayload(false);
    }

    @Test
    void aLaterUserChannelTokenUpdateOnlyUpdatesTheToken() {
        givenEnrolled(Platform.MACOS)
                .andGiven(new DeviceUserChannelEnrolled(DEVICE, TENANT, USER_GUID, "joe", "Joe Doe"))
                .when(userToken())
                .expectEvents(new MdmPushTokenUpdated(DEVICE, TENANT, USER_GUID, TOPIC, "sealed-user-token",
                        "sealed-user-magic", null, false));
    }

    @Test
    void aUserChannelNeedsTheDeviceEnrolledFirst() {
        givenAuthenticated(Platform.MACOS)
                .when(userToken())
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void onlyMacsHaveUserChannels() {
        givenEnrolled(Platform.IOS)
                .when(userToken())
                .expectException(refusal(Kind.INVALID, "user-channel-macos-only"))
                .expectNoEvents();
    }

    // ---- CheckOut after a check-in enrollment ---------------------------------------------------

    @Test
    void anEnrolledDeviceChecksOut() {
        givenEnrolled(Platform.IOS)
                .when(new CheckOutDevice(DEVICE))
                .expectEvents(new DeviceCheckedOut(DEVICE, TENANT));
    }

    // ---- MDM push outcomes ----------------------------------------------------------------------

    @Test
    void aDeliveredPushIsRecorded() {
        givenEnrolled(Platform.IOS)
                .when(new RecordMdmPushSent(DEVICE, TOPIC, "apns-id-1"))
                .expectEvents(new MdmPushSent(DEVICE, TENANT, TOPIC, "apns-id-1"));
    }

    @Test
    void aFailedPushIsRecordedWithItsReason() {
        givenEnrolled(Platform.IOS)
                .when(new RecordMdmPushFailed(DEVICE, "push-certificate-expired", "expired"))
                .expectEvents(new MdmPushFailed(DEVICE, TENANT, "push-certificate-expired", "expired"));
    }

    @Test
    void androidEntriesGetNoMdmPushes() {
        fixture.given(new EnrollmentStarted(DEVICE, TENANT, USER, Platform.ANDROID, "14", EnrollmentMethod.IN_APP,
                        new HardwareIdentity("R58", null, null, null), null))
                .when(new RecordMdmPushSent(DEVICE, TOPIC, "apns-id-1"))
                .expectException(refusal(Kind.CONFLICT, "apple-only"))
                .expectNoEvents();
    }
}
