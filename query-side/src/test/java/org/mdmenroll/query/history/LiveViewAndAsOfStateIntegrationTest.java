package org.mdmenroll.query.history;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
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
import org.mdmenroll.query.QuerySideTest;
import org.mdmenroll.query.device.DeviceProjection;
import org.mdmenroll.query.device.DeviceQueries;
import org.mdmenroll.query.device.DeviceQueries.FindDevice;
import org.mdmenroll.query.device.DeviceStep;
import org.mdmenroll.query.device.DeviceView;
import org.mdmenroll.query.history.DeviceStateFold.TimedEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live view and the as-of state agree: the same device histories, replayed event by event
 * through {@link DeviceProjection} (on PostgreSQL, its handlers invoked as Axon invokes them) and
 * through {@link DeviceStateFold}, leave every field the two share equal after every event. A field
 * only one of them has fails the test unless it is listed below with the reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveViewAndAsOfStateIntegrationTest extends QuerySideTest {

    /** Only the live view has them: the owner's email and name come from the user's events, not the entry's. */
    private static final Set<String> LIVE_VIEW_ONLY = Set.of("email", "displayName");
    /** Only the as-of state has them: the replay's own facts, and the last TokenUpdate the list does not show. */
    private static final Set<String> AS_OF_ONLY = Set.of("asOf", "exists", "eventsApplied", "mdmPushTokenUpdatedAt");

    /** The stored timestamps keep milliseconds. */
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    DeviceProjection projection;
    @Autowired
    DeviceQueries queries;

    private final TenantId tenant = TenantId.random();
    private final UserId joe = UserId.random();
    private final UserId ann = UserId.random();

    /** One entry's events, a minute apart from T0. */
    private record History(String name, DeviceId deviceId, List<Object> events) {

        Instant at(int index) {
            return T0.plus(Duration.ofMinutes(index));
        }

        List<TimedEvent> timed() {
            List<TimedEvent> timed = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                timed.add(new TimedEvent(events.get(i), at(i)));
            }
            return timed;
        }
    }

    @Test
    void everySharedFieldAgreesAfterEveryEventOfEveryHistory() throws Exception {
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection);
        Set<String> trueAtSomePoint = new HashSet<>();
        for (History history : histories()) {
            List<TimedEvent> timed = history.timed();
            for (int i = 0; i < timed.size(); i++) {
                Object event = timed.get(i).event();
                handlers.handle(new GenericDomainEventMessage<>("Device", history.deviceId().toString(), i, event,
                        MetaData.emptyInstance(), UUID.randomUUID().toString(), timed.get(i).timestamp()));

                DeviceView live = queries.handle(new FindDevice(tenant, history.deviceId())).device();
                DeviceStateAt asOf = DeviceStateFold.stateAt(history.deviceId(), history.at(i), timed);
                String where = history.name() + " after " + event.getClass().getSimpleName() + " (event " + i + ")";
                assertThat(live).as(where).isNotNull();
                Map<String, Object> liveFields = fields(live);
                Map<String, Object> asOfFields = fields(asOf);
                assertThat(liveFields.keySet()).as("fields only the live view has").containsAll(LIVE_VIEW_ONLY)
                        .doesNotContainAnyElementsOf(AS_OF_ONLY);
                assertThat(asOfFields.keySet()).as("fields only the as-of state has").containsAll(AS_OF_ONLY)
                        .doesNotContainAnyElementsOf(LIVE_VIEW_ONLY);
                liveFields.keySet().removeAll(LIVE_VIEW_ONLY);
                asOfFields.keySet().removeAll(AS_OF_ONLY);
                assertThat(asOfFields).as(where).isEqualTo(liveFields);
                liveFields.forEach((name, value) -> {
                    if (Boolean.TRUE.equals(value)) {
                        trueAtSomePoint.add(name);
                    }
                });
            }
        }
        assertThat(trueAtSomePoint).as("the flags were compared set, not only unset")
                .contains("bootstrapTokenEscrowed", "certificateRenewalOverdue");
    }

    @Test
    void theHistoriesHoldEveryDeviceEventAndReachEveryStatusAndStep() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<String> published = new HashSet<>();
        for (String events : List.of("org.mdmenroll.events.device", "org.mdmenroll.events.mdm")) {
            scanner.findCandidateComponents(events).forEach(event -> published.add(event.getBeanClassName()));
        }
        Set<String> replayed = new HashSet<>();
        Set<DeviceStatus> statuses = EnumSet.noneOf(DeviceStatus.class);
        Set<DeviceStep> steps = EnumSet.noneOf(DeviceStep.class);
        for (History history : histories()) {
            for (Object event : history.events()) {
                replayed.add(event.getClass().getName());
                DeviceStatus.after(event).ifPresent(statuses::add);
                DeviceStep.after(event).ifPresent(steps::add);
            }
        }
        assertThat(published).isNotEmpty();
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(statuses).containsExactlyInAnyOrder(DeviceStatus.values());
        assertThat(steps).containsExactlyInAnyOrder(DeviceStep.values());
    }

    /** A record's fields by name; the live view's owner record is flattened into its own fields. */
    private static Map<String, Object> fields(Record record) throws Exception {
        Map<String, Object> fields = new TreeMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = component.getAccessor().invoke(record);
            if (value instanceof DeviceView.Owner owner) {
                fields.putAll(fields(owner));
            } else {
                fields.put(component.getName(), value);
            }
        }
        return fields;
    }

    private List<History> histories() {
        return List.of(appleEnrolledResetWipedDeleted(), macAccountDrivenCheckedOutReEnrolledExpired(),
                cancelledInstallResumedAndRetired(), androidSupersededAndReEnrolled());
    }

    /**
     * An iPhone through SCEP, check-in and pushes, its inventory taken over the command channel
     * (NotNow once), then reset, wiped by EraseDevice and deleted.
     */
    private History appleEnrolledResetWipedDeleted() {
        DeviceId iphone = DeviceId.random();
        return new History("iPhone", iphone, List.of(
                new EnrollmentStarted(iphone, tenant, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                        new HardwareIdentity("f2lxjoe1", "00008101-000a1b2c3d4e5f6a", null, null),
                        new PushChannel(PushChannel.Type.APNS, "sealed-apns-token")),
                new EnrollmentProfileDownloaded(iphone, tenant, UUID.randomUUID(), T0.plus(Duration.ofHours(1)),
                        "9f".repeat(32)),
                new EnrollmentNudgeSent(iphone, tenant, 1, PushChannel.Type.APNS),
                new IdentityCertificateRefused(iphone, tenant, IdentityCertificateRefusal.CHALLENGE_REPLACED),
                new IdentityCertificateIssued(iphone, tenant, "5d3c", "ab".repeat(32), T0.plus(Duration.ofDays(365)),
                        false),
                new DeviceAuthenticated(iphone, tenant, "00008101-000a1b2c3d4e5f6a", null, "f2lxjoe1", "D16AP",
                        "iPhone", "iPhone14,5", "17.5", "21F79", "Joe's iPhone"),
                new EnrollmentNudgesStopped(iphone, tenant, EnrollmentNudgesStopped.Reason.PROFILE_INSTALLED, 1, null),
                new MdmPushTokenUpdated(iphone, tenant, null, "com.apple.mgmt.External.x", "s", "s", null, false),
                new DeviceEnrolled(iphone, tenant, null, false, "com.apple.mgmt.External.x"),
                queued(iphone, "INFO-1", "DeviceInformation", MdmCommandPurpose.INVENTORY),
                queued(iphone, "SECURITY-1", "SecurityInfo", MdmCommandPurpose.INVENTORY),
                new MdmPushSent(iphone, tenant, "com.apple.mgmt.External.x", "apns-1"),
                new MdmCommandSent(iphone, tenant, "INFO-1", "DeviceInformation", 1),
                new MdmCommandNotNow(iphone, tenant, "INFO-1", "DeviceInformation"),
                new MdmCommandSent(iphone, tenant, "INFO-1", "DeviceInformation", 2),
                new MdmCommandAcknowledged(iphone, tenant, "INFO-1", "DeviceInformation", Map.of()),
                new DeviceInformationReported(iphone, tenant, "INFO-1", new DeviceInventory("Joe's iPhone 15",
                        "MTLT3J/A", "iPhone", "iPhone16,1", "17.5.1", "21F90", "f2lxjoe1", "00008101-000a1b2c3d4e5f6a",
                        "35 123456 123456 1", null, 128.0, 61.5, true, false, "a4:83:e7:00:00:01", null)),
                new MdmCommandSent(iphone, tenant, "SECURITY-1", "SecurityInfo", 1),
                new MdmCommandAcknowledged(iphone, tenant, "SECURITY-1", "SecurityInfo", Map.of()),
                new SecurityInfoReported(iphone, tenant, "SECURITY-1",
                        new DeviceSecurity(true, true, 3, null, null, null)),
                new DeviceConnected(iphone, tenant, MdmChannel.DEVICE),
                new MdmUnexpectedResult(iphone, tenant, "NEVER-QUEUED", "ACKNOWLEDGED"),
                new MdmPushFailed(iphone, tenant, "push-certificate-expired", "expired"),
                new DeviceReEnrollmentRequired(iphone, tenant, "MDM push topic changed"),
                new DeviceReset(iphone, tenant),
                queued(iphone, "RESET-1", "EraseDevice", MdmCommandPurpose.RESET),
                queued(iphone, "WIPE-1", "EraseDevice", MdmCommandPurpose.WIPE),
                new DeviceActionRequested(iphone, tenant, "WIPE-1", DeviceAction.WIPE, DeviceStatus.RESET),
                new MdmCommandSent(iphone, tenant, "WIPE-1", "EraseDevice", 1),
                new MdmCommandAcknowledged(iphone, tenant, "WIPE-1", "EraseDevice", Map.of()),
                new DeviceWiped(iphone, tenant),
                new MdmCommandCancelled(iphone, tenant, "RESET-1", "EraseDevice",
                        MdmCommandCancelled.Reason.LEFT_MANAGEMENT),
                new DeviceDeleted(iphone, tenant)));
    }

    private MdmCommandQueued queued(DeviceId device, String commandUuid, String requestType,
                                    MdmCommandPurpose purpose) {
        return new MdmCommandQueued(device, tenant, commandUuid, requestType, MdmChannel.DEVICE, purpose, Map.of(),
                "v1.sealed-command");
    }

    /**
     * A Mac enrolled account-driven with its user channel, its bootstrap token escrowed, a command it
     * could not read, a retire that failed and one cancelled, then checked out, re-enrolled, and its
     * new profile expired. Its first certificate expires ten days after T0, so its renewal is overdue
     * from enrollment until the renewed certificate: the live view derives that now (T0 plus a day),
     * the as-of state at each event (T0 plus minutes), and both are well inside the 14 days.
     */
    private History macAccountDrivenCheckedOutReEnrolledExpired() {
        DeviceId mac = DeviceId.random();
        UUID secondProfile = UUID.randomUUID();
        Instant expiry = T0.plus(Duration.ofDays(10));
        return new History("Mac", mac, List.of(
                new EnrollmentStarted(mac, tenant, ann, Platform.MACOS, "14.0", EnrollmentMethod.ACCOUNT_DRIVEN,
                        HardwareIdentity.UNKNOWN, null),
                new EnrollmentProfileDownloaded(mac, tenant, UUID.randomUUID(), T0.plus(Duration.ofHours(1)), null),
                new IdentityCertificateIssued(mac, tenant, "7a1f", "cd".repeat(32), expiry, false),
                new DeviceAuthenticated(mac, tenant, "00008103-000a1b2c3d4e5f6b", null, "c02xl0gyjgh5", "Mac14,2",
                        "MacBook Air", null, "14.4.1", "23E224", null),
                new DeviceEnrolled(mac, tenant, "ann.other", true, "com.apple.mgmt.External.x"),
                new BootstrapTokenEscrowed(mac, tenant, "v1.sealed-bootstrap-token"),
                new DeviceUserChannelEnrolled(mac, tenant, "A1B2C3D4-0000-4000-8000-000000000001", "ann", "Ann"),
                queued(mac, "RENEW-1", "InstallProfile", MdmCommandPurpose.CERTIFICATE_RENEWAL),
                new IdentityCertificateRenewalRequested(mac, tenant, "RENEW-1", UUID.randomUUID(), "9e".repeat(32),
                        expiry),
                new MdmCommandSent(mac, tenant, "RENEW-1", "InstallProfile", 1),
                new MdmCommandAcknowledged(mac, tenant, "RENEW-1", "InstallProfile", Map.of()),
                new IdentityCertificateIssued(mac, tenant, "7a20", "ce".repeat(32), expiry.plus(Duration.ofDays(365)),
                        true),
                new MdmCommandQueued(mac, tenant, "PROFILES-1", "ProfileList",
                        MdmChannel.user("A1B2C3D4-0000-4000-8000-000000000001"), MdmCommandPurpose.ADMIN, Map.of(),
                        "v1.sealed-command"),
                new MdmPushSent(mac, tenant, "com.apple.mgmt.External.x", "apns-2"),
                new MdmCommandSent(mac, tenant, "PROFILES-1", "ProfileList", 1),
                new MdmCommandFailed(mac, tenant, "PROFILES-1", "ProfileList", MdmCommandFailed.Failure.COMMAND_FORMAT_ERROR,
                        List.of()),
                queued(mac, "RETIRE-1", "RemoveProfile", MdmCommandPurpose.RETIRE),
                new DeviceActionRequested(mac, tenant, "RETIRE-1", DeviceAction.RETIRE, DeviceStatus.ACTIVE),
                new MdmCommandSent(mac, tenant, "RETIRE-1", "RemoveProfile", 1),
                new MdmCommandFailed(mac, tenant, "RETIRE-1", "RemoveProfile", MdmCommandFailed.Failure.ERROR,
                        List.of(new MdmError(12021, "MCMDMErrorDomain", "Profile not found"))),
                new DeviceActionReverted(mac, tenant, "RETIRE-1", DeviceAction.RETIRE,
                        DeviceActionReverted.Reason.FAILED, DeviceStatus.ACTIVE,
                        "Profile not found (MCMDMErrorDomain 12021)"),
                queued(mac, "RETIRE-2", "RemoveProfile", MdmCommandPurpose.RETIRE),
                new DeviceActionRequested(mac, tenant, "RETIRE-2", DeviceAction.RETIRE, DeviceStatus.ACTIVE),
                new MdmCommandCancelled(mac, tenant, "RETIRE-2", "RemoveProfile", MdmCommandCancelled.Reason.ADMIN),
                new DeviceActionReverted(mac, tenant, "RETIRE-2", DeviceAction.RETIRE,
                        DeviceActionReverted.Reason.CANCELLED, DeviceStatus.ACTIVE, null),
                new BootstrapTokenEscrowed(mac, tenant, null),
                new BootstrapTokenEscrowed(mac, tenant, "v1.sealed-bootstrap-token-2"),
                new DeviceCheckedOut(mac, tenant),
                new DeviceReEnrolled(mac, tenant, joe, "14.5", EnrollmentMethod.PORTAL, HardwareIdentity.UNKNOWN, null),
                new EnrollmentProfileDownloaded(mac, tenant, secondProfile, T0.plus(Duration.ofHours(2)), null),
                new EnrollmentProfileExpired(mac, tenant, secondProfile)));
    }

    /** An iPhone nudged, cancelled during install, resumed and retired. */
    private History cancelledInstallResumedAndRetired() {
        DeviceId iphone = DeviceId.random();
        return new History("cancelled iPhone", iphone, List.of(
                new EnrollmentStarted(iphone, tenant, joe, Platform.IOS, "17.4", EnrollmentMethod.IN_APP,
                        new HardwareIdentity("f2lxann2", null, null, null),
                        new PushChannel(PushChannel.Type.APNS, "sealed-apns-token")),
                new EnrollmentProfileDownloaded(iphone, tenant, UUID.randomUUID(), T0.plus(Duration.ofHours(1)), null),
                new EnrollmentNudgeSent(iphone, tenant, 1, PushChannel.Type.APNS),
                new EnrollmentNudgeSent(iphone, tenant, 2, PushChannel.Type.APNS),
                new EnrollmentProfileInstallCancelled(iphone, tenant),
                new EnrollmentNudgesStopped(iphone, tenant, EnrollmentNudgesStopped.Reason.CANCELLED, 2, null),
                new DeviceEnrolled(iphone, tenant, null, false, "com.apple.mgmt.External.x"),
                new DeviceRetired(iphone, tenant)));
    }

    /**
     * An Android 9 device enrolled by its agent, inventoried, a wipe that failed, superseded (its open
     * command cancelled), re-enrolled on the same entry, and deleted.
     */
    private History androidSupersededAndReEnrolled() {
        DeviceId pixel = DeviceId.random();
        return new History("Android", pixel, List.of(
                new EnrollmentStarted(pixel, tenant, joe, Platform.ANDROID, "9", EnrollmentMethod.QR_CODE,
                        new HardwareIdentity("pixel01", null, "356938035643809", null),
                        new PushChannel(PushChannel.Type.FCM, "sealed-fcm-token")),
                new AndroidAgentRegistered(pixel, tenant, EnrollmentTokenId.random(), 28,
                        AndroidManagementMode.FULLY_MANAGED, "cd".repeat(32)),
                new DeviceEnrolled(pixel, tenant, null, false, null),
                new MdmCommandQueued(pixel, tenant, "agent-info-1", "DeviceInformation", MdmChannel.ANDROID_AGENT,
                        MdmCommandPurpose.INVENTORY, Map.of(), "v1.sealed-command"),
                new MdmCommandSent(pixel, tenant, "agent-info-1", "DeviceInformation", 1),
                new MdmCommandAcknowledged(pixel, tenant, "agent-info-1", "DeviceInformation", Map.of()),
                // a name longer than the list's column: cut to it, in the live view and the as-of state alike
                new DeviceInformationReported(pixel, tenant, "agent-info-1", new DeviceInventory("n".repeat(256),
                        "Pixel 7", null, null, "14", "UQ1A.240205.002", null, null, "356938035643809",
                        null, 128.0, null, null, null, null, null)),
                new ManualCaCertificatesRemoved(pixel, tenant),
                new MdmCommandQueued(pixel, tenant, "agent-wipe-1", "EraseDevice", MdmChannel.ANDROID_AGENT,
                        MdmCommandPurpose.WIPE, Map.of("preserveDataPlan", "false"), "v1.sealed-command"),
                new DeviceActionRequested(pixel, tenant, "agent-wipe-1", DeviceAction.WIPE, DeviceStatus.ACTIVE),
                new MdmCommandSent(pixel, tenant, "agent-wipe-1", "EraseDevice", 1),
                new MdmCommandFailed(pixel, tenant, "agent-wipe-1", "EraseDevice", MdmCommandFailed.Failure.ERROR,
                        List.of(new MdmError(null, null, "Device admin permission revoked"))),
                new DeviceActionReverted(pixel, tenant, "agent-wipe-1", DeviceAction.WIPE,
                        DeviceActionReverted.Reason.FAILED, DeviceStatus.ACTIVE, "Device admin permission revoked"),
                new DeviceConnected(pixel, tenant, MdmChannel.ANDROID_AGENT),
                new MdmCommandQueued(pixel, tenant, "agent-lock-1", "DeviceLock", MdmChannel.ANDROID_AGENT,
                        MdmCommandPurpose.ADMIN, Map.of("Message", "Call IT"), "v1.sealed-command"),
                new DeviceEntrySuperseded(pixel, tenant, DeviceId.random()),
                new MdmCommandCancelled(pixel, tenant, "agent-lock-1", "DeviceLock",
                        MdmCommandCancelled.Reason.LEFT_MANAGEMENT),
                new DeviceReEnrolled(pixel, tenant, ann, "9.1", EnrollmentMethod.IN_APP,
                        new HardwareIdentity(null, null, null, "esid-Pixel"),
                        new PushChannel(PushChannel.Type.FCM, "sealed-fcm-token-2")),
                new AndroidAgentRegistered(pixel, tenant, EnrollmentTokenId.random(), 28,
                        AndroidManagementMode.WORK_PROFILE_COMPANY_OWNED, "ef".repeat(32)),
                new DeviceEnrolled(pixel, tenant, null, false, null),
                new DeviceDeleted(pixel, tenant)));
    }
}
