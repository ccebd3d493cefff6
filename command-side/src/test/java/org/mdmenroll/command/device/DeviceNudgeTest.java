package org.mdmenroll.command.device;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgeSent;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgesStopped;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentNudgesStopped.Reason;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;

import java.time.Instant;
import java.util.UUID;

import static org.mdmenroll.events.device.PushChannel.Type.APNS;
import static org.mdmenroll.events.device.PushChannel.Type.FCM;

/** The device entry's side of the nudge saga: which nudges count as sent, and the saga's end. */
class DeviceNudgeTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final DeviceId OTHER_DEVICE = DeviceId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final UUID PROFILE = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final HardwareIdentity IDENTITY = new HardwareIdentity("c02xl0gyjgh5", null, null, null);
    private static final HardwareIdentity ANDROID_IDENTITY = new HardwareIdentity("r58m12abcde", null, null, null);
    private static final PushChannel APNS_CHANNEL = new PushChannel(APNS, "v1.sealed-apns-token");
    private static final PushChannel FCM_CHANNEL = new PushChannel(FCM, "v1.sealed-fcm-token");

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(new TestCommandEncoder());
        fixture.registerInjectableResource(new MutableClock(NOW));
    }

    private static EnrollmentStarted started() {
        return new EnrollmentStarted(DEVICE, TENANT, USER, Platform.IOS, "17.4", EnrollmentMethod.IN_APP, IDENTITY,
                APNS_CHANNEL);
    }

    private static EnrollmentProfileDownloaded downloaded() {
        return new EnrollmentProfileDownloaded(DEVICE, TENANT, PROFILE, NOW.plusSeconds(3600), "ab".repeat(32));
    }

    private static EnrollmentNudgeSent sent(int attempt) {
        return new EnrollmentNudgeSent(DEVICE, TENANT, attempt, APNS);
    }

    private static RecordEnrollmentNudgeSent recordSent(int attempt) {
        return new RecordEnrollmentNudgeSent(DEVICE, attempt, APNS);
    }

    private static DeviceAuthenticated authenticated() {
        return new DeviceAuthenticated(DEVICE, TENANT, "00008110-000A1D2C3E4F501E", null, "c02xl0gyjgh5",
                "iPhone14,5", "iPhone", "iPhone14,5", "17.4", "21E219", "Pat's iPhone");
    }

    @Test
    void aNudgeToAnEnrollingDeviceIsRecordedWithItsAttemptAndChannel() {
        fixture.given(started(), downloaded())
                .when(recordSent(1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(sent(1))
                .expectResultMessagePayload(true);
    }

    @Test
    void anAndroidDeviceWithoutAProfileIsNudgedOverFcm() {
        fixture.given(new EnrollmentStarted(DEVICE, TENANT, USER, Platform.ANDROID, "14", EnrollmentMethod.IN_APP,
                        ANDROID_IDENTITY, FCM_CHANNEL))
                .when(new RecordEnrollmentNudgeSent(DEVICE, 1, FCM))
                .expectEvents(new EnrollmentNudgeSent(DEVICE, TENANT, 1, FCM))
                .expectResultMessagePayload(true);
    }

    @Test
    void theNextAttemptFollowsTheLast() {
        fixture.given(started(), downloaded(), sent(1), sent(2))
                .when(recordSent(3))
                .expectEvents(sent(3))
                .expectResultMessagePayload(true);
    }

    @Test
    void anAttemptAlreadyRecordedIsNotRecordedTwice() {
        fixture.given(started(), downloaded(), sent(1), sent(2))
                .when(recordSent(2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aNudgeAfterEnrollmentIsNotRecordedAsSent() {
        fixture.given(started(), downloaded(), sent(1), new DeviceEnrolled(DEVICE, TENANT, null, false, "topic"))
                .when(recordSent(2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aNudgeAfterTheProfileWasInstalledIsNotRecordedAsSent() {
        fixture.given(started(), downloaded(), authenticated())
                .when(recordSent(1))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    enum Left { CANCELLED, RETIRED, WIPED, SUPERSEDED, DELETED }

    @ParameterizedTest
    @EnumSource(Left.class)
    void aNudgeToADeviceThatLeftEnrollmentIsNotRecordedAsSent(Left left) {
        Object[] history = switch (left) {
            case CANCELLED -> new Object[]{started(), downloaded(), new EnrollmentProfileInstallCancelled(DEVICE, TENANT)};
            case RETIRED -> new Object[]{started(), downloaded(), new DeviceRetired(DEVICE, TENANT)};
            case WIPED -> new Object[]{started(), downloaded(), new DeviceEnrolled(DEVICE, TENANT, null, false, "t"),
                    new DeviceWiped(DEVICE, TENANT)};
            case SUPERSEDED -> new Object[]{started(), downloaded(), new DeviceEnrolled(DEVICE, TENANT, null, false, "t"),
                    new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE)};
            case DELETED -> new Object[]{started(), downloaded(), new DeviceDeleted(DEVICE, TENANT)};
        };
        fixture.given(history)
                .when(recordSent(1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aDeviceWhoseProfileExpiredIsStillEnrollingSoANudgeCounts() {
        fixture.given(started(), downloaded(), new EnrollmentProfileExpired(DEVICE, TENANT, PROFILE))
                .when(recordSent(1))
                .expectEvents(sent(1))
                .expectResultMessagePayload(true);
    }

    @Test
    void theSagasEndIsRecordedWithItsReasonCountAndDetail() {
        fixture.given(started(), downloaded(), sent(1), sent(2))
                .when(new RecordEnrollmentNudgesStopped(DEVICE, Reason.INVALID_TOKEN, 2, "Unregistered"))
                .expectEvents(new EnrollmentNudgesStopped(DEVICE, TENANT, Reason.INVALID_TOKEN, 2, "Unregistered"));
    }

    @Test
    void theSagasEndIsRecordedAfterADeleteToo() {
        fixture.given(started(), downloaded(), sent(1), new DeviceDeleted(DEVICE, TENANT))
                .when(new RecordEnrollmentNudgesStopped(DEVICE, Reason.DELETED, 1, null))
                .expectEvents(new EnrollmentNudgesStopped(DEVICE, TENANT, Reason.DELETED, 1, null));
    }

    @Test
    void afterTheSagaStoppedANewSagaCountsFromTheFirstAttemptAgain() {
        fixture.given(started(), downloaded(), sent(1), sent(2),
                        new EnrollmentNudgesStopped(DEVICE, TENANT, Reason.MAX_COUNT, 2, null),
                        new EnrollmentProfileDownloaded(DEVICE, TENANT, UUID.randomUUID(), NOW.plusSeconds(7200), "cd".repeat(32)))
                .when(recordSent(1))
                .expectEvents(sent(1))
                .expectResultMessagePayload(true);
    }

    @Test
    void aReEnrollmentCountsFromTheFirstAttemptAgain() {
        fixture.given(started(), downloaded(), sent(1), sent(2),
                        new DeviceReEnrolled(DEVICE, TENANT, USER, "17.5", EnrollmentMethod.IN_APP, IDENTITY, APNS_CHANNEL))
                .when(recordSent(1))
                .expectEvents(sent(1))
                .expectResultMessagePayload(true);
    }
}
