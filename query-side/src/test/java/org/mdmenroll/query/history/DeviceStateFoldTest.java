package org.mdmenroll.query.history;

import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.query.device.DeviceStep;
import org.mdmenroll.query.history.DeviceStateFold.TimedEvent;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The fold from a device entry's events to its state at a moment, without a store or a clock. */
class DeviceStateFoldTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final DeviceId deviceId = DeviceId.random();
    private final TenantId tenant = TenantId.random();
    private final UserId joe = UserId.random();
    private final UserId ann = UserId.random();
    private final UUID profileId = UUID.randomUUID();
    private final Set<DeviceStatus> statusesSeen = EnumSet.noneOf(DeviceStatus.class);

    /** One event a minute from T0, in the order given. */
    private static List<TimedEvent> minuteApart(Object... events) {
        List<TimedEvent> timed = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            timed.add(new TimedEvent(events[i], at(i)));
        }
        return timed;
    }

    private static Instant at(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    private DeviceStateAt state(List<TimedEvent> events, Instant asOf) {
        DeviceStateAt state = DeviceStateFold.stateAt(deviceId, asOf, events);
        if (state.status() != null) {
            statusesSeen.add(state.status());
        }
        return state;
    }

    private EnrollmentStarted iphoneStarted() {
        return new EnrollmentStarted(deviceId, tenant, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                new HardwareIdentity("f2lxjoe1", "00008101-000a1b2c3d4e5f6a", null, null),
                new PushChannel(PushChannel.Type.APNS, "sealed-apns-token"));
    }

    private EnrollmentStarted pixelStarted() {
        return new EnrollmentStarted(deviceId, tenant, joe, Platform.ANDROID, "9", EnrollmentMethod.QR_CODE,
                new HardwareIdentity("pixel01", null, "356938035643809", null),
                new PushChannel(PushChannel.Type.FCM, "sealed-fcm-token"));
    }

    private EnrollmentProfileDownloaded downloaded(Instant validUntil) {
        return new EnrollmentProfileDownloaded(deviceId, tenant, profileId, validUntil, null);
    }

    private DeviceEnrolled enrolled(String enrolledUser, boolean accountDriven) {
        return new DeviceEnrolled(deviceId, tenant, enrolledUser, accountDriven, "com.apple.mgmt.External.x");
    }

    @Test
    void aMacCheckingInRecordsWhatItReportsAndItsUserChannelsUser() {
        EnrollmentStarted started = new EnrollmentStarted(deviceId, tenant, joe, Platform.MACOS, "14.0",
                EnrollmentMethod.ACCOUNT_DRIVEN, HardwareIdentity.UNKNOWN, null);
        List<TimedEvent> events = minuteApart(started, downloaded(at(1).plus(Duration.ofMinutes(5))),
                new DeviceAuthenticated(deviceId, tenant, "00008103-000a1b2c3d4e5f6b", null, "c02xl0gyjgh5",
                        "Mac14,2", "MacBook Air", "Mac14,2", "14.4.1", "23E224", "Joe's Mac"),
                new MdmPushTokenUpdated(deviceId, tenant, null, "com.apple.mgmt.External.x", "s", "s", null, false),
                enrolled(null, true),
                new DeviceUserChannelEnrolled(deviceId, tenant, "A1B2C3D4-0000-4000-8000-000000000001", "joe", "Joe"),
                new MdmPushSent(deviceId, tenant, "com.apple.mgmt.External.x", "apns-1"));

        DeviceStateAt authenticated = state(events, at(2));
        assertThat(authenticated.lastStep()).isEqualTo(DeviceStep.AUTHENTICATED);
        assertThat(authenticated.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(authenticated.udid()).isEqualTo("00008103-000A1B2C3D4E5F6B");
        assertThat(authenticated.serialNumber()).isEqualTo("C02XL0GYJGH5");
        assertThat(authenticated.hardwareId()).isEqualTo("00008103-000A1B2C3D4E5F6B");
        assertThat(authenticated.osVersion()).isEqualTo("14.4.1");
        assertThat(authenticated.model()).isEqualTo("Mac14,2");
        assertThat(authenticated.deviceName()).isEqualTo("Joe's Mac");
        assertThat(authenticated.lastMdmPushAt()).isNull();

        DeviceStateAt userChannel = state(events, at(6));
        assertThat(userChannel.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(userChannel.lastStep()).isEqualTo(DeviceStep.ENROLLED);
        assertThat(userChannel.enrolledUser()).isEqualTo("joe");
        assertThat(userChannel.mdmPushTokenUpdatedAt()).isEqualTo(at(3));
        assertThat(userChannel.lastMdmPush()).isEqualTo("sent");
        assertThat(userChannel.lastMdmPushAt()).isEqualTo(at(6));
        assertThat(userChannel.eventsApplied()).isEqualTo(7);
    }

    @Test
    void scepRefusalsShowUntilAnIdentityCertificateIsIssued() {
        Instant notAfter = at(2).plus(Duration.ofDays(365));
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(at(1).plus(Duration.ofMinutes(5))),
                new IdentityCertificateRefused(deviceId, tenant, IdentityCertificateRefusal.CHALLENGE_REPLACED),
                new IdentityCertificateIssued(deviceId, tenant, "5d3c", "ab".repeat(32), notAfter, false));

        DeviceStateAt refused = state(events, at(2));
        assertThat(refused.lastStep()).isEqualTo(DeviceStep.CERTIFICATE_REFUSED);
        assertThat(refused.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(refused.identityCertificateRefused()).isEqualTo("CHALLENGE_REPLACED");
        assertThat(refused.identityCertificateNotAfter()).isNull();

        DeviceStateAt issued = state(events, at(3));
        assertThat(issued.lastStep()).isEqualTo(DeviceStep.CERTIFICATE_ISSUED);
        assertThat(issued.identityCertificateNotAfter()).isEqualTo(notAfter);
        assertThat(issued.identityCertificateRefused()).isNull();
    }

    @Test
    void nudgesAreCountedWithTheLastOneAndWhyTheyStopped() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(at(60)),
                new EnrollmentNudgeSent(deviceId, tenant, 1, PushChannel.Type.APNS),
                new EnrollmentNudgeSent(deviceId, tenant, 2, PushChannel.Type.APNS),
                new EnrollmentNudgesStopped(deviceId, tenant, EnrollmentNudgesStopped.Reason.MAX_COUNT, 2, null),
                new DeviceReEnrolled(deviceId, tenant, joe, "17.5", EnrollmentMethod.IN_APP, null,
                        new PushChannel(PushChannel.Type.APNS, "v1.sealed")),
                new EnrollmentNudgeSent(deviceId, tenant, 1, PushChannel.Type.APNS));

        DeviceStateAt beforeAny = state(events, at(1));
        assertThat(beforeAny.nudgeCount()).isZero();
        assertThat(beforeAny.lastNudgeAt()).isNull();
        assertThat(beforeAny.nudgesStopped()).isNull();

        DeviceStateAt nudging = state(events, at(3));
        assertThat(nudging.nudgeCount()).isEqualTo(2);
        assertThat(nudging.lastNudgeAt()).isEqualTo(at(3));
        assertThat(nudging.nudgesStopped()).isNull();
        assertThat(nudging.status()).isEqualTo(DeviceStatus.PENDING);

        DeviceStateAt stopped = state(events, at(4));
        assertThat(stopped.nudgesStopped()).isEqualTo("MAX_COUNT");
        assertThat(stopped.nudgeCount()).isEqualTo(2);

        DeviceStateAt nudgedAgain = state(events, at(6));
        assertThat(nudgedAgain.nudgeCount()).as("over the entry's life").isEqualTo(3);
        assertThat(nudgedAgain.lastNudgeAt()).isEqualTo(at(6));
        assertThat(nudgedAgain.nudgesStopped()).isNull();
    }

    @Test
    void beforeTheFirstEventTheEntryDoesNotExist() {
        List<TimedEvent> events = minuteApart(iphoneStarted());

        DeviceStateAt before = state(events, T0.minusMillis(1));

        assertThat(before.exists()).isFalse();
        assertThat(before.deviceId()).isEqualTo(deviceId);
        assertThat(before.asOf()).isEqualTo(T0.minusMillis(1));
        assertThat(before.eventsApplied()).isZero();
        assertThat(before.status()).isNull();
        assertThat(before.lastStep()).isNull();
        assertThat(before.platform()).isNull();
        assertThat(before.accountDriven()).isNull();
        assertThat(before.startedAt()).isNull();
        assertThat(before.lastEventAt()).isNull();
        assertThat(DeviceStateFold.stateAt(deviceId, T0, List.of()).exists()).isFalse();
    }

    @Test
    void anAppleEntryGoesThroughEveryStepOfItsLife() {
        Instant validUntil = at(1).plus(Duration.ofMinutes(5));
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(validUntil), enrolled(null, false),
                new DeviceReset(deviceId, tenant), new DeviceWiped(deviceId, tenant),
                new DeviceDeleted(deviceId, tenant));

        DeviceStateAt started = state(events, at(0));
        assertThat(started.exists()).isTrue();
        assertThat(started.tenantId()).isEqualTo(tenant);
        assertThat(started.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(started.lastStep()).isEqualTo(DeviceStep.STARTED);
        assertThat(started.platform()).isEqualTo(Platform.IOS);
        assertThat(started.osVersion()).isEqualTo("17.4");
        assertThat(started.method()).isEqualTo(EnrollmentMethod.INVITATION);
        assertThat(started.userId()).isEqualTo(joe);
        assertThat(started.accountDriven()).isFalse();
        assertThat(started.serialNumber()).isEqualTo("F2LXJOE1");
        assertThat(started.udid()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(started.imei()).isNull();
        assertThat(started.hardwareId()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(started.pushChannel()).isEqualTo("APNS");
        assertThat(started.startedAt()).isEqualTo(at(0));
        assertThat(started.enrolledAt()).isNull();
        assertThat(started.eventsApplied()).isEqualTo(1);
        assertThat(started.lastEventAt()).isEqualTo(at(0));

        DeviceStateAt downloaded = state(events, at(1).plusSeconds(30));
        assertThat(downloaded.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(downloaded.lastStep()).isEqualTo(DeviceStep.PROFILE_DOWNLOADED);
        assertThat(downloaded.profileValidUntil()).isEqualTo(validUntil);
        assertThat(downloaded.eventsApplied()).isEqualTo(2);
        assertThat(downloaded.lastEventAt()).isEqualTo(at(1));

        DeviceStateAt active = state(events, at(2));
        assertThat(active.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(active.lastStep()).isEqualTo(DeviceStep.ENROLLED);
        assertThat(active.enrolledAt()).isEqualTo(at(2));
        assertThat(active.startedAt()).isEqualTo(at(0));
        assertThat(active.accountDriven()).isFalse();

        DeviceStateAt reset = state(events, at(3));
        assertThat(reset.status()).isEqualTo(DeviceStatus.RESET);
        assertThat(reset.lastStep()).isEqualTo(DeviceStep.RESET);

        DeviceStateAt wiped = state(events, at(4));
        assertThat(wiped.status()).isEqualTo(DeviceStatus.WIPED);
        assertThat(wiped.lastStep()).isEqualTo(DeviceStep.WIPED);

        DeviceStateAt deleted = state(events, at(60));
        assertThat(deleted.status()).isEqualTo(DeviceStatus.DELETED);
        assertThat(deleted.lastStep()).isEqualTo(DeviceStep.DELETED);
        assertThat(deleted.eventsApplied()).isEqualTo(6);
        assertThat(deleted.lastEventAt()).isEqualTo(at(5));
        assertThat(deleted.enrolledAt()).isEqualTo(at(2));
        assertThat(deleted.profileValidUntil()).isEqualTo(validUntil);
    }

    @Test
    void anEventStoredExactlyAtAsOfCountsOneAMillisecondLaterDoesNot() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(at(10)), enrolled(null, false));

        assertThat(state(events, at(2)).lastStep()).isEqualTo(DeviceStep.ENROLLED);
        assertThat(state(events, at(2).minusMillis(1)).lastStep()).isEqualTo(DeviceStep.PROFILE_DOWNLOADED);
    }

    @Test
    void anExpiredProfileKeepsTheEntryPendingUntilItStartsAgain() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(at(1)),
                new EnrollmentProfileExpired(deviceId, tenant, profileId));

        DeviceStateAt expired = state(events, at(2));

        assertThat(expired.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(expired.lastStep()).isEqualTo(DeviceStep.PROFILE_EXPIRED);
        assertThat(expired.eventsApplied()).isEqualTo(3);
    }

    @Test
    void aCancelledInstallIsInactiveAndCanStillEnrollOrBeRetired() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(at(10)),
                new EnrollmentProfileInstallCancelled(deviceId, tenant), enrolled(null, false),
                new DeviceRetired(deviceId, tenant));

        DeviceStateAt cancelled = state(events, at(2));
        assertThat(cancelled.status()).isEqualTo(DeviceStatus.INACTIVE);
        assertThat(cancelled.lastStep()).isEqualTo(DeviceStep.INSTALL_CANCELLED);
        assertThat(state(events, at(3)).status()).isEqualTo(DeviceStatus.ACTIVE);
        DeviceStateAt retired = state(events, at(4));
        assertThat(retired.status()).isEqualTo(DeviceStatus.INACTIVE);
        assertThat(retired.lastStep()).isEqualTo(DeviceStep.RETIRED);
    }

    @Test
    void aMacEnrolledAccountDrivenRecordsItsUser() {
        EnrollmentStarted mac = new EnrollmentStarted(deviceId, tenant, ann, Platform.MACOS, "14.4",
                EnrollmentMethod.ACCOUNT_DRIVEN, HardwareIdentity.UNKNOWN, null);
        List<TimedEvent> events = minuteApart(mac, downloaded(at(10)), enrolled("ann.other", true));

        DeviceStateAt active = state(events, at(2));

        assertThat(active.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(active.enrolledUser()).isEqualTo("ann.other");
        assertThat(active.accountDriven()).isTrue();
        assertThat(active.pushChannel()).isNull();
        assertThat(active.hardwareId()).isNull();
    }

    @Test
    void aSupersededAndroidEntryReEnrollsKeepingWhatItKnewOfItsHardware() {
        DeviceId newer = DeviceId.random();
        DeviceReEnrolled reEnrolled = new DeviceReEnrolled(deviceId, tenant, ann, "9.1", EnrollmentMethod.IN_APP,
                new HardwareIdentity(null, null, null, "esid-Pixel"), new PushChannel(PushChannel.Type.FCM, "s"));
        List<TimedEvent> events = minuteApart(pixelStarted(), enrolled(null, false),
                new DeviceEntrySuperseded(deviceId, tenant, newer), reEnrolled);

        DeviceStateAt superseded = state(events, at(2));
        assertThat(superseded.status()).isEqualTo(DeviceStatus.INACTIVE);
        assertThat(superseded.lastStep()).isEqualTo(DeviceStep.SUPERSEDED);
        assertThat(superseded.supersededBy()).isEqualTo(newer);
        assertThat(superseded.hardwareId()).isEqualTo("356938035643809");

        DeviceStateAt again = state(events, at(3));
        assertThat(again.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(again.lastStep()).isEqualTo(DeviceStep.RE_ENROLLED);
        assertThat(again.supersededBy()).isNull();
        assertThat(again.profileValidUntil()).isNull();
        assertThat(again.userId()).isEqualTo(ann);
        assertThat(again.osVersion()).isEqualTo("9.1");
        assertThat(again.method()).isEqualTo(EnrollmentMethod.IN_APP);
        assertThat(again.platform()).isEqualTo(Platform.ANDROID);
        assertThat(again.serialNumber()).isEqualTo("PIXEL01");
        assertThat(again.imei()).isEqualTo("356938035643809");
        assertThat(again.enterpriseSpecificId()).isEqualTo("esid-Pixel");
        assertThat(again.hardwareId()).isEqualTo("esid-Pixel");
        assertThat(again.pushChannel()).isEqualTo("FCM");
        assertThat(again.enrolledAt()).isEqualTo(at(1));
        assertThat(again.startedAt()).isEqualTo(at(0));
    }

    @Test
    void aReEnrollmentWithoutIdentityKeepsTheOldOne() {
        DeviceReEnrolled reEnrolled = new DeviceReEnrolled(deviceId, tenant, joe, "17.5", EnrollmentMethod.IN_APP,
                null, null);
        List<TimedEvent> events = minuteApart(iphoneStarted(), reEnrolled);

        DeviceStateAt again = state(events, at(1));

        assertThat(again.serialNumber()).isEqualTo("F2LXJOE1");
        assertThat(again.hardwareId()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(again.pushChannel()).isNull();
    }

    @Test
    void aCheckedOutEntryIsInactive() {
        List<TimedEvent> events = minuteApart(pixelStarted(), enrolled(null, false),
                new DeviceCheckedOut(deviceId, tenant));

        DeviceStateAt checkedOut = state(events, at(2));

        assertThat(checkedOut.status()).isEqualTo(DeviceStatus.INACTIVE);
        assertThat(checkedOut.lastStep()).isEqualTo(DeviceStep.CHECKED_OUT);
    }

    @Test
    void theAndroidAgentsManagementModeShowsUntilTheEntryReEnrolls() {
        EnrollmentTokenId token = EnrollmentTokenId.random();
        List<TimedEvent> events = minuteApart(pixelStarted(),
                new AndroidAgentRegistered(deviceId, tenant, token, 34, AndroidManagementMode.FULLY_MANAGED, "cd"),
                enrolled(null, false),
                new DeviceReEnrolled(deviceId, tenant, joe, "9", EnrollmentMethod.QR_CODE, null, null));

        assertThat(state(events, at(0)).managementMode()).isNull();
        DeviceStateAt enrolled = state(events, at(2));
        assertThat(enrolled.managementMode()).isEqualTo("FULLY_MANAGED");
        assertThat(enrolled.lastStep()).isEqualTo(DeviceStep.ENROLLED);
        assertThat(state(events, at(1)).status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(state(events, at(3)).managementMode()).isNull();
    }

    @Test
    void removedCaCertificatesAreRecordedWithoutChangingStatusOrStep() {
        List<TimedEvent> events = minuteApart(pixelStarted(), enrolled(null, false),
                new ManualCaCertificatesRemoved(deviceId, tenant));

        DeviceStateAt state = state(events, at(2));

        assertThat(state.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(state.lastStep()).isEqualTo(DeviceStep.ENROLLED);
        assertThat(state.manualCaCertificatesRemovedAt()).isEqualTo(at(2));
        assertThat(state.lastEventAt()).isEqualTo(at(2));
        assertThat(state(events, at(1)).manualCaCertificatesRemovedAt()).isNull();
    }

    @Test
    void aRequiredReEnrollmentShowsUntilTheDeviceReEnrolls() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), downloaded(at(10)), enrolled(null, false),
                new DeviceReEnrollmentRequired(deviceId, tenant, "push topic changed"),
                new DeviceReEnrolled(deviceId, tenant, ann, "17.5", EnrollmentMethod.IN_APP, null, null));
        assertThat(state(events, at(3)).reEnrollmentRequired()).isEqualTo("push topic changed");
        assertThat(state(events, at(3)).status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(state(events, at(4)).reEnrollmentRequired()).isNull();
    }

    @Test
    void replayStopsAtTheFirstEventStoredAfterAsOfSoTheStateIsOneTheEntryHad() {
        // clocks disagreed: the retire (sequence 2) was stamped before the enrollment (sequence 1)
        List<TimedEvent> events = List.of(new TimedEvent(iphoneStarted(), at(0)),
                new TimedEvent(enrolled(null, false), at(5)),
                new TimedEvent(new DeviceRetired(deviceId, tenant), at(4)));

        DeviceStateAt between = state(events, at(4));

        assertThat(between.status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(between.eventsApplied()).isEqualTo(1);
        assertThat(state(events, at(5)).status()).isEqualTo(DeviceStatus.INACTIVE);
    }

    @Test
    void anEventOfAnUnknownTypeCountsButChangesNothing() {
        record SomethingNew(DeviceId deviceId) {
        }
        List<TimedEvent> events = minuteApart(iphoneStarted(), new SomethingNew(deviceId));

        DeviceStateAt state = state(events, at(1));

        assertThat(state.eventsApplied()).isEqualTo(2);
        assertThat(state.lastEventAt()).isEqualTo(at(1));
        assertThat(state.lastStep()).isEqualTo(DeviceStep.STARTED);
        assertThat(state.status()).isEqualTo(DeviceStatus.PENDING);
    }

    private MdmCommandQueued queued(String commandUuid, String requestType, MdmCommandPurpose purpose) {
        return new MdmCommandQueued(deviceId, tenant, commandUuid, requestType, MdmChannel.DEVICE, purpose, Map.of(),
                "v1.sealed-command");
    }

    private static DeviceInventory inventory(String deviceName, String osVersion, String imei, Boolean supervised) {
        return new DeviceInventory(deviceName, "MTLT3J/A", "iPhone", "iPhone16,1", osVersion, "21F90", "f2lxjoe1",
                null, imei, null, 128.0, 61.5, supervised, false, "a4:83:e7:00:00:01", null);
    }

    @Test
    void openCommandsAreCountedAndEveryDeliveryOrAnswerIsAConnect() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), enrolled(null, false),
                queued("A", "DeviceInformation", MdmCommandPurpose.INVENTORY),
                queued("B", "SecurityInfo", MdmCommandPurpose.INVENTORY),
                new MdmCommandSent(deviceId, tenant, "A", "DeviceInformation", 1),
                new MdmCommandNotNow(deviceId, tenant, "A", "DeviceInformation"),
                new MdmCommandAcknowledged(deviceId, tenant, "A", "DeviceInformation", Map.of()),
                new MdmCommandCancelled(deviceId, tenant, "B", "SecurityInfo", MdmCommandCancelled.Reason.ADMIN),
                new DeviceConnected(deviceId, tenant, MdmChannel.DEVICE),
                new MdmUnexpectedResult(deviceId, tenant, "UNKNOWN", "ERROR"));

        assertThat(state(events, at(3)).pendingCommands()).isEqualTo(2);
        assertThat(state(events, at(3)).lastConnectAt()).isNull();
        assertThat(state(events, at(4)).lastConnectAt()).isEqualTo(at(4));
        assertThat(state(events, at(5)).lastConnectAt()).as("NotNow").isEqualTo(at(5));
        DeviceStateAt acknowledged = state(events, at(6));
        assertThat(acknowledged.pendingCommands()).isEqualTo(1);
        assertThat(acknowledged.lastConnectAt()).isEqualTo(at(6));
        DeviceStateAt cancelled = state(events, at(7));
        assertThat(cancelled.pendingCommands()).isZero();
        assertThat(cancelled.lastConnectAt()).as("a cancel is no connect").isEqualTo(at(6));
        assertThat(state(events, at(8)).lastConnectAt()).isEqualTo(at(8));
        assertThat(state(events, at(9)).lastConnectAt()).isEqualTo(at(9));
        assertThat(state(events, at(9)).lastStep()).as("channel traffic is no step").isEqualTo(DeviceStep.ENROLLED);
    }

    @Test
    void theInventoryFillsTheListsFieldsAndAnUnansweredQueryKeepsWhatWasKnown() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), enrolled(null, false),
                new DeviceInformationReported(deviceId, tenant, "A", inventory("Joe's iPhone", "17.5.1",
                        "35 123456 123456 1", true)),
                new DeviceInformationReported(deviceId, tenant, "B", inventory(null, "17.6", null, null)));

        DeviceStateAt first = state(events, at(2));
        assertThat(first.deviceName()).isEqualTo("Joe's iPhone");
        assertThat(first.model()).as("the product name, as at check-in").isEqualTo("iPhone16,1");
        assertThat(first.modelName()).isEqualTo("iPhone");
        assertThat(first.productName()).isEqualTo("iPhone16,1");
        assertThat(first.osVersion()).isEqualTo("17.5.1");
        assertThat(first.buildVersion()).isEqualTo("21F90");
        assertThat(first.serialNumber()).isEqualTo("F2LXJOE1");
        assertThat(first.udid()).as("not answered: kept").isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(first.imei()).isEqualTo("35 123456 123456 1");
        assertThat(first.deviceCapacityGb()).isEqualTo(128.0);
        assertThat(first.availableCapacityGb()).isEqualTo(61.5);
        assertThat(first.supervised()).isTrue();
        assertThat(first.activationLockEnabled()).isFalse();
        assertThat(first.wifiMac()).isEqualTo("a4:83:e7:00:00:01");
        assertThat(first.inventoryReportedAt()).isEqualTo(at(2));

        DeviceStateAt second = state(events, at(3));
        assertThat(second.osVersion()).isEqualTo("17.6");
        assertThat(second.deviceName()).isEqualTo("Joe's iPhone");
        assertThat(second.imei()).isEqualTo("35 123456 123456 1");
        assertThat(second.supervised()).isTrue();
        assertThat(second.inventoryReportedAt()).isEqualTo(at(3));
        assertThat(second.status()).isEqualTo(DeviceStatus.ACTIVE);
    }

    @Test
    void eachSecurityInfoAnswerReplacesTheLastOne() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), enrolled(null, false),
                new SecurityInfoReported(deviceId, tenant, "A", new DeviceSecurity(true, true, 3, null, null, null)),
                new SecurityInfoReported(deviceId, tenant, "B", new DeviceSecurity(false, null, 3, null, null, null)));

        assertThat(state(events, at(1)).security()).isNull();
        assertThat(state(events, at(2)).security()).isEqualTo(new DeviceSecurity(true, true, 3, null, null, null));
        DeviceStateAt second = state(events, at(3));
        assertThat(second.security()).isEqualTo(new DeviceSecurity(false, null, 3, null, null, null));
        assertThat(second.securityReportedAt()).isEqualTo(at(3));
    }

    @Test
    void aWipeWaitsForTheDeviceAndARetireThatFailedShowsWhyUntilTheNextRequest() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), enrolled(null, false),
                queued("R", "RemoveProfile", MdmCommandPurpose.RETIRE),
                new DeviceActionRequested(deviceId, tenant, "R", DeviceAction.RETIRE, DeviceStatus.ACTIVE),
                new MdmCommandFailed(deviceId, tenant, "R", "RemoveProfile", MdmCommandFailed.Failure.ERROR,
                        List.of(new MdmError(12021, "MCMDMErrorDomain", "Profile not found"))),
                new DeviceActionReverted(deviceId, tenant, "R", DeviceAction.RETIRE, DeviceActionReverted.Reason.FAILED,
                        DeviceStatus.ACTIVE, "Profile not found (MCMDMErrorDomain 12021)"),
                queued("W", "EraseDevice", MdmCommandPurpose.WIPE),
                new DeviceActionRequested(deviceId, tenant, "W", DeviceAction.WIPE, DeviceStatus.ACTIVE),
                new MdmCommandAcknowledged(deviceId, tenant, "W", "EraseDevice", Map.of()),
                new DeviceWiped(deviceId, tenant));

        DeviceStateAt retiring = state(events, at(3));
        assertThat(retiring.status()).isEqualTo(DeviceStatus.RETIRE_PENDING);
        assertThat(retiring.lastStep()).isEqualTo(DeviceStep.RETIRE_REQUESTED);
        DeviceStateAt reverted = state(events, at(5));
        assertThat(reverted.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(reverted.lastStep()).isEqualTo(DeviceStep.RETIRE_REVERTED);
        assertThat(reverted.lastActionReverted()).isEqualTo("RETIRE_FAILED");
        assertThat(reverted.lastActionFailure()).isEqualTo("Profile not found (MCMDMErrorDomain 12021)");
        assertThat(reverted.lastActionRevertedAt()).isEqualTo(at(5));
        assertThat(reverted.pendingCommands()).isZero();
        DeviceStateAt wiping = state(events, at(7));
        assertThat(wiping.status()).isEqualTo(DeviceStatus.WIPE_PENDING);
        assertThat(wiping.lastStep()).isEqualTo(DeviceStep.WIPE_REQUESTED);
        assertThat(wiping.lastActionReverted()).as("cleared by the next request").isNull();
        assertThat(wiping.lastActionFailure()).isNull();
        DeviceStateAt wiped = state(events, at(9));
        assertThat(wiped.status()).isEqualTo(DeviceStatus.WIPED);
        assertThat(wiped.lastStep()).isEqualTo(DeviceStep.WIPED);
        assertThat(wiped.pendingCommands()).isZero();
    }

    @Test
    void aCancelledWipeRevertsWithoutAFailure() {
        List<TimedEvent> events = minuteApart(iphoneStarted(), enrolled(null, false),
                queued("W", "EraseDevice", MdmCommandPurpose.WIPE),
                new DeviceActionRequested(deviceId, tenant, "W", DeviceAction.WIPE, DeviceStatus.ACTIVE),
                new MdmCommandCancelled(deviceId, tenant, "W", "EraseDevice", MdmCommandCancelled.Reason.ADMIN),
                new DeviceActionReverted(deviceId, tenant, "W", DeviceAction.WIPE, DeviceActionReverted.Reason.CANCELLED,
                        DeviceStatus.ACTIVE, null));

        DeviceStateAt reverted = state(events, at(5));

        assertThat(reverted.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(reverted.lastStep()).isEqualTo(DeviceStep.WIPE_REVERTED);
        assertThat(reverted.lastActionReverted()).isEqualTo("WIPE_CANCELLED");
        assertThat(reverted.lastActionFailure()).isNull();
    }

    @Test
    void aMacsBootstrapTokenShowsAsEscrowedUntilItIsRemovedOrTheEntryReEnrollsAndNeverItself() {
        EnrollmentStarted mac = new EnrollmentStarted(deviceId, tenant, ann, Platform.MACOS, "14.4",
                EnrollmentMethod.INVITATION, HardwareIdentity.UNKNOWN, null);
        List<TimedEvent> events = minuteApart(mac, enrolled(null, false),
                new BootstrapTokenEscrowed(deviceId, tenant, "v1.sealed-bootstrap-token"),
                new BootstrapTokenEscrowed(deviceId, tenant, null),
                new BootstrapTokenEscrowed(deviceId, tenant, "v1.sealed-bootstrap-token-2"),
                new DeviceReEnrolled(deviceId, tenant, ann, "14.5", EnrollmentMethod.PORTAL, null, null));

        assertThat(state(events, at(1)).bootstrapTokenEscrowed()).isFalse();
        DeviceStateAt escrowed = state(events, at(2));
        assertThat(escrowed.bootstrapTokenEscrowed()).isTrue();
        assertThat(escrowed.lastStep()).as("no step").isEqualTo(DeviceStep.ENROLLED);
        assertThat(escrowed.toString()).doesNotContain("sealed-bootstrap-token");
        assertThat(state(events, at(3)).bootstrapTokenEscrowed()).as("removed by the Mac").isFalse();
        assertThat(state(events, at(4)).bootstrapTokenEscrowed()).isTrue();
        assertThat(state(events, at(5)).bootstrapTokenEscrowed()).as("a new enrollment escrows its own").isFalse();
    }

    @Test
    void aRenewalSentShowsUntilANewCertificateAndAManagedEntryNotRenewedTwoWeeksBeforeExpiryIsOverdue() {
        Instant expiry = T0.plus(Duration.ofDays(40));
        Instant renewedExpiry = expiry.plus(Duration.ofDays(365));
        List<TimedEvent> events = List.of(new TimedEvent(iphoneStarted(), T0),
                new TimedEvent(new IdentityCertificateIssued(deviceId, tenant, "5d3c", "ab".repeat(32), expiry, false),
                        at(1)),
                new TimedEvent(enrolled(null, false), at(2)),
                new TimedEvent(new IdentityCertificateRenewalRequested(deviceId, tenant, "RENEW-1", UUID.randomUUID(),
                        "9e".repeat(32), expiry), T0.plus(Duration.ofDays(10))),
                new TimedEvent(new IdentityCertificateIssued(deviceId, tenant, "5d3d", "ac".repeat(32), renewedExpiry,
                        true), T0.plus(Duration.ofDays(30))));

        DeviceStateAt enrolled = state(events, at(2));
        assertThat(enrolled.certificateRenewalRequestedAt()).isNull();
        assertThat(enrolled.certificateRenewalOverdue()).isFalse();
        DeviceStateAt sent = state(events, T0.plus(Duration.ofDays(10)));
        assertThat(sent.certificateRenewalRequestedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
        assertThat(sent.lastStep()).as("no step").isEqualTo(DeviceStep.ENROLLED);
        assertThat(sent.certificateRenewalOverdue()).isFalse();
        assertThat(state(events, expiry.minus(Duration.ofDays(14)).minusMillis(1)).certificateRenewalOverdue())
                .as("more than 14 days left").isFalse();
        DeviceStateAt overdue = state(events, expiry.minus(Duration.ofDays(14)));
        assertThat(overdue.certificateRenewalOverdue()).as("14 days left").isTrue();
        assertThat(overdue.certificateRenewalRequestedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
        DeviceStateAt renewed = state(events, T0.plus(Duration.ofDays(30)));
        assertThat(renewed.identityCertificateNotAfter()).isEqualTo(renewedExpiry);
        assertThat(renewed.certificateRenewalRequestedAt()).isNull();
        assertThat(renewed.certificateRenewalOverdue()).isFalse();
    }

    @Test
    void onlyEntriesStillManagedAreOverdueAndAnExpiredCertificateIsOverdueToo() {
        Instant expiry = at(60);
        List<TimedEvent> events = minuteApart(iphoneStarted(),
                new IdentityCertificateIssued(deviceId, tenant, "5d3c", "ab".repeat(32), expiry, false),
                enrolled(null, false), new DeviceReset(deviceId, tenant), new DeviceRetired(deviceId, tenant));

        assertThat(state(events, at(1)).certificateRenewalOverdue()).as("PENDING: not managed yet").isFalse();
        assertThat(state(events, at(2)).certificateRenewalOverdue()).as("ACTIVE").isTrue();
        assertThat(state(events, at(3)).certificateRenewalOverdue()).as("RESET: still managed").isTrue();
        assertThat(state(events, at(4)).certificateRenewalOverdue()).as("retired").isFalse();
        assertThat(state(minuteApart(iphoneStarted(), enrolled(null, false)), at(1)).certificateRenewalOverdue())
                .as("no certificate").isFalse();
        List<TimedEvent> notRetired = events.subList(0, 3);
        assertThat(state(notRetired, expiry.plus(Duration.ofDays(1))).certificateRenewalOverdue()).as("expired")
                .isTrue();
    }

    @Test
    void everyPublishedDeviceEventChangesTheStateAndEveryStatusIsReached() {
        Map<Class<?>, Object> samples = new LinkedHashMap<>();
        for (Object event : List.of(iphoneStarted(), downloaded(at(10)),
                new EnrollmentProfileExpired(deviceId, tenant, profileId),
                new EnrollmentProfileInstallCancelled(deviceId, tenant), enrolled("x", true),
                new DeviceReEnrolled(deviceId, tenant, ann, "17.5", EnrollmentMethod.IN_APP, null, null),
                new DeviceCheckedOut(deviceId, tenant), new DeviceRetired(deviceId, tenant),
                new DeviceWiped(deviceId, tenant), new DeviceReset(deviceId, tenant),
                new DeviceDeleted(deviceId, tenant), new DeviceEntrySuperseded(deviceId, tenant, DeviceId.random()),
                new ManualCaCertificatesRemoved(deviceId, tenant),
                new DeviceReEnrollmentRequired(deviceId, tenant, "topic changed"),
                new DeviceAuthenticated(deviceId, tenant, "00008101-000a1b2c3d4e5f6a", null, "f2lxjoe1", "iPhone14,5",
                        "iPhone", "iPhone14,5", "17.5", "21F79", "Joe's iPhone"),
                new MdmPushTokenUpdated(deviceId, tenant, null, "com.apple.mgmt.External.x", "s", "s", null, false),
                new DeviceUserChannelEnrolled(deviceId, tenant, "A1B2C3D4-0000-4000-8000-000000000001", "joe", "Joe"),
                new MdmPushSent(deviceId, tenant, "com.apple.mgmt.External.x", "apns-1"),
                new MdmPushFailed(deviceId, tenant, "push-certificate-expired", "expired"),
                new IdentityCertificateIssued(deviceId, tenant, "5d3c", "ab".repeat(32), at(20), false),
                new IdentityCertificateRefused(deviceId, tenant, IdentityCertificateRefusal.PROFILE_EXPIRED),
                new AndroidAgentRegistered(deviceId, tenant, EnrollmentTokenId.random(), 34,
                        AndroidManagementMode.WORK_PROFILE_COMPANY_OWNED, "cd"),
                new EnrollmentNudgeSent(deviceId, tenant, 1, PushChannel.Type.APNS),
                new EnrollmentNudgesStopped(deviceId, tenant, EnrollmentNudgesStopped.Reason.MAX_COUNT, 3, null),
                queued("B", "SecurityInfo", MdmCommandPurpose.INVENTORY),
                new MdmCommandSent(deviceId, tenant, "A", "DeviceInformation", 1),
                new MdmCommandNotNow(deviceId, tenant, "A", "DeviceInformation"),
                new MdmCommandAcknowledged(deviceId, tenant, "A", "DeviceInformation", Map.of()),
                new MdmCommandFailed(deviceId, tenant, "A", "DeviceInformation", MdmCommandFailed.Failure.ERROR,
                        List.of()),
                new MdmCommandCancelled(deviceId, tenant, "A", "DeviceInformation",
                        MdmCommandCancelled.Reason.LEFT_MANAGEMENT),
                new MdmUnexpectedResult(deviceId, tenant, "X", "ACKNOWLEDGED"),
                new DeviceConnected(deviceId, tenant, MdmChannel.DEVICE),
                new DeviceInformationReported(deviceId, tenant, "A", inventory("Joe's iPhone", "17.5", null, true)),
                new SecurityInfoReported(deviceId, tenant, "B", new DeviceSecurity(true, true, 3, null, null, null)),
                new DeviceActionRequested(deviceId, tenant, "A", DeviceAction.WIPE, DeviceStatus.ACTIVE),
                new DeviceActionReverted(deviceId, tenant, "A", DeviceAction.RETIRE, DeviceActionReverted.Reason.FAILED,
                        DeviceStatus.RESET, "failed"),
                new BootstrapTokenEscrowed(deviceId, tenant, "v1.sealed-bootstrap-token"),
                new IdentityCertificateRenewalRequested(deviceId, tenant, "RENEW-1", UUID.randomUUID(),
                        "9e".repeat(32), at(20)))) {
            samples.put(event.getClass(), event);
        }
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<String> published = new HashSet<>();
        for (String events : List.of("org.mdmenroll.events.device", "org.mdmenroll.events.mdm")) {
            scanner.findCandidateComponents(events).forEach(event -> published.add(event.getBeanClassName()));
        }
        assertThat(published).isNotEmpty();
        assertThat(samples.keySet().stream().map(Class::getName)).containsExactlyInAnyOrderElementsOf(published);

        // after start, enrollment and a command queued, each event leaves a state other than an event the fold ignores
        Object queued = queued("A", "DeviceInformation", MdmCommandPurpose.INVENTORY);
        DeviceStateAt ignored = state(minuteApart(iphoneStarted(), enrolled(null, false), queued, new Object()), at(3));
        for (Object event : samples.values()) {
            DeviceStateAt after = state(minuteApart(iphoneStarted(), enrolled(null, false), queued, event), at(3));
            assertThat(after).as(event.getClass().getSimpleName()).isNotEqualTo(ignored);
        }
        // one sample per type: the other action's pending status
        state(minuteApart(iphoneStarted(), enrolled(null, false), queued,
                new DeviceActionRequested(deviceId, tenant, "A", DeviceAction.RETIRE, DeviceStatus.ACTIVE)), at(3));
        assertThat(statusesSeen).containsExactlyInAnyOrder(DeviceStatus.values());
    }
}
