package org.mdmenroll.command.device;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceCommands.RecordManualCaCertificatesRemoved;
import org.mdmenroll.command.device.DeviceCommands.RegisterAndroidAgent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Instant;

import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.events.android.AndroidManagementMode.FULLY_MANAGED;
import static org.mdmenroll.events.android.AndroidManagementMode.WORK_PROFILE_PERSONAL;

/** The Android agent on a device entry: its registration, and what only company-owned devices report. */
class DeviceAndroidAgentTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final EnrollmentTokenId TOKEN = EnrollmentTokenId.of("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    private static final HardwareIdentity IDENTITY = new HardwareIdentity("R58M12ABCDE", null, null, "esid-4711");
    private static final String SECRET_HASH = "cd".repeat(32);

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(new TestCommandEncoder());
        fixture.registerInjectableResource(new MutableClock(Instant.parse("2026-11-22T09:00:00Z")));
    }

    private static EnrollmentStarted started(Platform platform, String osVersion) {
        return new EnrollmentStarted(DEVICE, TENANT, USER, platform, osVersion, EnrollmentMethod.QR_CODE,
                platform == Platform.ANDROID ? IDENTITY : HardwareIdentity.UNKNOWN, null);
    }

    private static AndroidAgentRegistered registered(AndroidManagementMode mode) {
        return new AndroidAgentRegistered(DEVICE, TENANT, TOKEN, 34, mode, SECRET_HASH);
    }

    private static RegisterAndroidAgent register(AndroidManagementMode mode) {
        return new RegisterAndroidAgent(DEVICE, TOKEN, 34, mode, SECRET_HASH);
    }

    private static DeviceEnrolled enrolled() {
        return new DeviceEnrolled(DEVICE, TENANT, null, false, null);
    }

    @Test
    void theAgentRegistersOnTheEntryJustStartedForIt() {
        fixture.given(started(Platform.ANDROID, "14"))
                .when(register(FULLY_MANAGED))
                .expectEvents(registered(FULLY_MANAGED));
    }

    @Test
    void theAgentRegistersOnAnAndroid9EntryReEnrolledForIt() {
        fixture.given(started(Platform.ANDROID, "9"), registered(FULLY_MANAGED), enrolled(),
                        new DeviceReEnrolled(DEVICE, TENANT, USER, "9", EnrollmentMethod.QR_CODE, IDENTITY, null))
                .when(register(WORK_PROFILE_PERSONAL))
                .expectEvents(registered(WORK_PROFILE_PERSONAL));
    }

    @Test
    void anAgentDoesNotRegisterOnAnEntryAlreadyEnrolledOrCancelled() {
        fixture.given(started(Platform.ANDROID, "14"), registered(FULLY_MANAGED), enrolled())
                .when(register(FULLY_MANAGED))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
        fixture.given(started(Platform.ANDROID, "14"), new EnrollmentProfileInstallCancelled(DEVICE, TENANT))
                .when(register(FULLY_MANAGED))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void onlyAndroidEntriesHaveAnAndroidAgent() {
        fixture.given(started(Platform.IOS, "17.4"))
                .when(register(FULLY_MANAGED))
                .expectException(refusal(Kind.CONFLICT, "android-only"))
                .expectNoEvents();
    }

    @Test
    void theAgentsEnrolledCompletesTheEnrollmentAndAsksForTheInventory() {
        fixture.given(started(Platform.ANDROID, "14"), registered(FULLY_MANAGED))
                .when(new EnrollDevice(DEVICE, null, null))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        Matchers.<Object>equalTo(enrolled()),
                        Matchers.<Object>matches(event -> event instanceof MdmCommandQueued queued
                                && queued.requestType().equals("DeviceInformation")
                                && queued.channel().equals(MdmChannel.ANDROID_AGENT)
                                && queued.purpose() == MdmCommandPurpose.INVENTORY),
                        andNoMore())));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = AndroidManagementMode.class, names = {"FULLY_MANAGED", "WORK_PROFILE_COMPANY_OWNED"})
    void aCompanyOwnedDeviceReportsRemovedCaCertificates(AndroidManagementMode mode) {
        fixture.given(started(Platform.ANDROID, "14"), registered(mode), enrolled())
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectEvents(new ManualCaCertificatesRemoved(DEVICE, TENANT));
    }

    @Test
    void aPersonalWorkProfileHasNoCaCertificatesRemoved() {
        fixture.given(started(Platform.ANDROID, "14"), registered(WORK_PROFILE_PERSONAL), enrolled())
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "not-company-owned"))
                .expectNoEvents();
    }

    @Test
    void anEntryEnrolledWithoutTheAgentHasNoCaCertificatesRemoved() {
        fixture.given(started(Platform.ANDROID, "14"), enrolled())
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "not-company-owned"))
                .expectNoEvents();
    }

    @Test
    void aReEnrollmentForgetsTheEarlierAgentsManagementMode() {
        fixture.given(started(Platform.ANDROID, "9"), registered(FULLY_MANAGED), enrolled(),
                        new DeviceReEnrolled(DEVICE, TENANT, USER, "9", EnrollmentMethod.IN_APP, IDENTITY, null),
                        enrolled())
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "not-company-owned"))
                .expectNoEvents();
    }

    @Test
    void aRetiredDeviceReportsNothing() {
        fixture.given(started(Platform.ANDROID, "14"), registered(FULLY_MANAGED), enrolled(),
                        new DeviceRetired(DEVICE, TENANT))
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }
}
