package org.mdmenroll.command.device;

import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.DeleteDevice;
import org.mdmenroll.command.device.DeviceCommands.ResetDevice;
import org.mdmenroll.command.device.DeviceCommands.RetireDevice;
import org.mdmenroll.command.device.DeviceCommands.WipeDevice;
import org.mdmenroll.command.device.MdmChannelCommands.CancelMdmCommand;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ConnectMdmChannel;
import org.mdmenroll.command.device.MdmChannelCommands.Delivery;
import org.mdmenroll.command.device.MdmChannelCommands.QueueMdmCommand;
import org.mdmenroll.command.device.MdmChannelCommands.ReportStatus;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
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
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.PUSH_TOPIC;
import static org.mdmenroll.command.device.DeviceHistory.Stage;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.history;
import static org.mdmenroll.events.device.Platform.IOS;

/**
 * Every transition of an Apple entry's command queue: queuing, delivery on connect and again until
 * answered, NotNow, acknowledged with the inventory and security answers, errors, results for
 * commands the entry has not open, idle connects, cancelling, and how wipe, retire, reset, check-out
 * and delete go through the device.
 */
class DeviceCommandChannelTest extends DeviceAggregateTest {

    private static final String INFO = "C0000000-0000-4000-8000-000000000001";
    private static final String SECURITY = "C0000000-0000-4000-8000-000000000002";
    private static final String ERASE = "C0000000-0000-4000-8000-000000000003";
    private static final String REMOVE = "C0000000-0000-4000-8000-000000000004";
    private static final Duration HOURLY = Duration.ofHours(1);
    private static final DeviceInventory INVENTORY = new DeviceInventory("Joe's iPhone", "MTLT3J/A", "iPhone",
            "iPhone16,1", "18.4", "22E240", "F2LX", "00008120-01", null, null, 128.0, 87.5, false, true, null, null);
    private static final DeviceSecurity SECURE = new DeviceSecurity(true, true, 3, null, null, null);

    /** An iPhone enrolled through its MDM client (TokenUpdate): commands can reach it. */
    private static List<Object> managed(Object... more) {
        List<Object> events = new ArrayList<>(history(Stage.ACTIVE, IOS));
        events.add(new MdmPushTokenUpdated(DEVICE, TENANT, null, PUSH_TOPIC, "sealed-token", "sealed-magic", null, false));
        events.addAll(List.of(more));
        return events;
    }

    private static MdmCommandQueued queued(String uuid, String requestType, MdmCommandPurpose purpose) {
        return new MdmCommandQueued(DEVICE, TENANT, uuid, requestType, MdmChannel.DEVICE, purpose, Map.of(),
                TestCommandEncoder.sealed(IOS, requestType));
    }

    private static MdmCommandSent sent(String uuid, String requestType, int attempt) {
        return new MdmCommandSent(DEVICE, TENANT, uuid, requestType, attempt);
    }

    private static ConnectMdmChannel idle() {
        return new ConnectMdmChannel(DEVICE, MdmChannel.DEVICE, ReportStatus.IDLE, null, List.of(), CommandResult.NONE,
                HOURLY);
    }

    private static ConnectMdmChannel answer(ReportStatus status, String uuid, CommandResult result, MdmError... errors) {
        return new ConnectMdmChannel(DEVICE, MdmChannel.DEVICE, status, uuid, List.of(errors), result, HOURLY);
    }

    private static Delivery delivery(String uuid, String requestType) {
        return new Delivery(uuid, requestType, TestCommandEncoder.sealed(IOS, requestType));
    }

    /** The events of one when-clause, matched in order by type and request type. */
    private static void expectQueued(ResultValidator<Device> result, Object... expected) {
        List<org.hamcrest.Matcher<? super Object>> matchers = new ArrayList<>();
        for (Object e : expected) {
            if (e instanceof String requestType) {
                matchers.add(Matchers.<Object>matches(event -> event instanceof MdmCommandQueued q
                        && q.requestType().equals(requestType)));
            } else if (e instanceof Class<?> type) {
                matchers.add(Matchers.<Object>matches(type::isInstance));
            } else {
                matchers.add(Matchers.<Object>equalTo(e));
            }
        }
        matchers.add(andNoMore());
        @SuppressWarnings("unchecked")
        org.hamcrest.Matcher<Object>[] all = matchers.toArray(new org.hamcrest.Matcher[0]);
        result.expectEventsMatching(payloadsMatching(exactSequenceOf(all)));
    }

    // ---- queuing -----------------------------------------------------------------------------

    @Test
    void enrollingThroughTheMdmClientAsksForTheInventory() {
        List<Object> tokenUpdated = new ArrayList<>(history(Stage.DOWNLOADED, IOS));
        tokenUpdated.add(new MdmPushTokenUpdated(DEVICE, TENANT, null, PUSH_TOPIC, "sealed-token", "sealed-magic", null, false));
        expectQueued(fixture.given(tokenUpdated).when(DeviceHistory.enroll()),
                DeviceHistory.enrolled(), "DeviceInformation", "SecurityInfo");
    }

    @Test
    void anAdminsCommandIsQueuedForAManagedDevice() {
        expectQueued(fixture.given(managed()).when(new QueueMdmCommand(DEVICE, new MdmRequest.RestartDevice())),
                "RestartDevice");
    }

    @Test
    void adminCommandsNeedAManagedReachableDeviceAndAreNoEraseOrInstall() {
        fixture.given(history(Stage.ACTIVE, IOS))
                .when(new QueueMdmCommand(DEVICE, new MdmRequest.RestartDevice()))
                .expectException(refusal(Kind.CONFLICT, "device-not-reachable")).expectNoEvents();
        fixture.given(history(Stage.RETIRED, IOS))
                .when(new QueueMdmCommand(DEVICE, new MdmRequest.RestartDevice()))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict")).expectNoEvents();
        fixture.given(managed())
                .when(new QueueMdmCommand(DEVICE, new MdmRequest.EraseDevice(null, false, false)))
                .expectException(refusal(Kind.INVALID, "not-an-admin-command")).expectNoEvents();
    }

    // ---- delivery ----------------------------------------------------------------------------

    @Test
    void anIdleConnectGetsTheOldestOpenCommand() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY),
                        queued(SECURITY, "SecurityInfo", MdmCommandPurpose.INVENTORY)))
                .when(idle())
                .expectEvents(sent(INFO, "DeviceInformation", 1))
                .expectResultMessagePayload(delivery(INFO, "DeviceInformation"));
    }

    @Test
    void aCommandSentAndNeverAnsweredIsSentAgain() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY),
                        sent(INFO, "DeviceInformation", 1)))
                .when(idle())
                .expectEvents(sent(INFO, "DeviceInformation", 2));
    }

    @Test
    void notNowKeepsTheCommandAndHandsOutNothingMoreOnThatConnection() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY),
                        queued(SECURITY, "SecurityInfo", MdmCommandPurpose.INVENTORY), sent(INFO, "DeviceInformation", 1)))
                .when(answer(ReportStatus.NOT_NOW, INFO, CommandResult.NONE))
                .expectEvents(new MdmCommandNotNow(DEVICE, TENANT, INFO, "DeviceInformation"))
                .expectResultMessagePayload(null);
    }

    @Test
    void acknowledgedRecordsWhatTheDeviceToldAndHandsOutTheNextCommand() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY),
                        queued(SECURITY, "SecurityInfo", MdmCommandPurpose.INVENTORY), sent(INFO, "DeviceInformation", 1)))
                .when(answer(ReportStatus.ACKNOWLEDGED, INFO, new CommandResult(INVENTORY, null, Map.of())))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, INFO, "DeviceInformation", Map.of()),
                        new DeviceInformationReported(DEVICE, TENANT, INFO, INVENTORY),
                        sent(SECURITY, "SecurityInfo", 1))
                .expectResultMessagePayload(delivery(SECURITY, "SecurityInfo"));
        fixture.given(managed(queued(SECURITY, "SecurityInfo", MdmCommandPurpose.INVENTORY),
                        sent(SECURITY, "SecurityInfo", 1)))
                .when(answer(ReportStatus.ACKNOWLEDGED, SECURITY, new CommandResult(null, SECURE, Map.of())))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, SECURITY, "SecurityInfo", Map.of()),
                        new SecurityInfoReported(DEVICE, TENANT, SECURITY, SECURE))
                .expectResultMessagePayload(null);
    }

    @Test
    void errorsCloseTheCommandWithTheirErrorChain() {
        MdmError unknown = new MdmError(12021, "MCMDMErrorDomain", "Unsupported command");
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY), sent(INFO, "DeviceInformation", 1)))
                .when(answer(ReportStatus.ERROR, INFO, CommandResult.NONE, unknown))
                .expectEvents(new MdmCommandFailed(DEVICE, TENANT, INFO, "DeviceInformation",
                        MdmCommandFailed.Failure.ERROR, List.of(unknown)));
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY), sent(INFO, "DeviceInformation", 1)))
                .when(answer(ReportStatus.COMMAND_FORMAT_ERROR, INFO, CommandResult.NONE))
                .expectEvents(new MdmCommandFailed(DEVICE, TENANT, INFO, "DeviceInformation",
                        MdmCommandFailed.Failure.COMMAND_FORMAT_ERROR, List.of()));
    }

    @Test
    void aResultForACommandTheEntryHasNotOpenIsRecordedOnceThenIgnored() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY), sent(INFO, "DeviceInformation", 1),
                        new MdmCommandAcknowledged(DEVICE, TENANT, INFO, "DeviceInformation", Map.of())))
                .when(answer(ReportStatus.ACKNOWLEDGED, INFO, CommandResult.NONE))
                .expectEvents(new MdmUnexpectedResult(DEVICE, TENANT, INFO, "ACKNOWLEDGED"));
        fixture.given(managed(new MdmUnexpectedResult(DEVICE, TENANT, "STRANGER", "ERROR"),
                        new DeviceConnected(DEVICE, TENANT, MdmChannel.DEVICE)))
                .when(answer(ReportStatus.ERROR, "STRANGER", CommandResult.NONE))
                .expectNoEvents();
    }

    @Test
    void anIdleConnectWithNothingDueIsRecordedAtMostOncePerInterval() {
        fixture.given(managed())
                .when(idle())
                .expectEvents(new DeviceConnected(DEVICE, TENANT, MdmChannel.DEVICE))
                .expectResultMessagePayload(null);
        fixture.given(managed(new DeviceConnected(DEVICE, TENANT, MdmChannel.DEVICE)))
                .when(idle())
                .expectNoEvents();
    }

    @Test
    void aUserChannelGetsOnlyItsOwnCommands() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY)))
                .when(new ConnectMdmChannel(DEVICE, MdmChannel.user("GUID-1"), ReportStatus.IDLE, null, List.of(),
                        CommandResult.NONE, HOURLY))
                .expectEvents(new DeviceConnected(DEVICE, TENANT, MdmChannel.user("GUID-1")));
    }

    @Test
    void anEntryNoLongerManagedIsAnswered401() {
        fixture.given(history(Stage.DELETED, IOS))
                .when(idle())
                .expectException(refusal(Kind.UNAUTHORIZED, "device-not-managed")).expectNoEvents();
        fixture.given(history(Stage.RETIRED, IOS))
                .when(idle())
                .expectException(refusal(Kind.UNAUTHORIZED, "device-not-managed")).expectNoEvents();
    }

    // ---- cancelling --------------------------------------------------------------------------

    @Test
    void aCommandNotYetDeliveredCanBeTakenBackAndAPendingWipeThenReverts() {
        fixture.given(managed(queued(ERASE, "EraseDevice", MdmCommandPurpose.WIPE),
                        new DeviceActionRequested(DEVICE, TENANT, ERASE, DeviceAction.WIPE, DeviceStatus.ACTIVE)))
                .when(new CancelMdmCommand(DEVICE, ERASE))
                .expectEvents(new MdmCommandCancelled(DEVICE, TENANT, ERASE, "EraseDevice", MdmCommandCancelled.Reason.ADMIN),
                        new DeviceActionReverted(DEVICE, TENANT, ERASE, DeviceAction.WIPE,
                                DeviceActionReverted.Reason.CANCELLED, DeviceStatus.ACTIVE, null));
    }

    @Test
    void aDeliveredOrUnknownCommandCannotBeTakenBack() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.ADMIN), sent(INFO, "DeviceInformation", 1)))
                .when(new CancelMdmCommand(DEVICE, INFO))
                .expectException(refusal(Kind.CONFLICT, "command-already-delivered")).expectNoEvents();
        fixture.given(managed())
                .when(new CancelMdmCommand(DEVICE, INFO))
                .expectException(refusal(Kind.NOT_FOUND, "command-not-found")).expectNoEvents();
    }

    // ---- lifecycle actions through the device ------------------------------------------------

    @Test
    void aWipeQueuesEraseDeviceAndWaits() {
        expectQueued(fixture.given(managed()).when(new WipeDevice(DEVICE, "123456", false, false)),
                "EraseDevice", DeviceActionRequested.class);
    }

    @Test
    void anAcknowledgedWipeWipesTheEntryAndCancelsTheRest() {
        fixture.given(managed(queued(ERASE, "EraseDevice", MdmCommandPurpose.WIPE),
                        new DeviceActionRequested(DEVICE, TENANT, ERASE, DeviceAction.WIPE, DeviceStatus.ACTIVE),
                        queued(INFO, "DeviceInformation", MdmCommandPurpose.ADMIN), sent(ERASE, "EraseDevice", 1)))
                .when(answer(ReportStatus.ACKNOWLEDGED, ERASE, CommandResult.NONE))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, ERASE, "EraseDevice", Map.of()),
                        new DeviceWiped(DEVICE, TENANT),
                        new MdmCommandCancelled(DEVICE, TENANT, INFO, "DeviceInformation",
                                MdmCommandCancelled.Reason.LEFT_MANAGEMENT))
                .expectResultMessagePayload(null);
    }

    @Test
    void aRefusedWipeReturnsTheEntryToItsEarlierStatus() {
        MdmError error = new MdmError(12021, "MCMDMErrorDomain", "Unsupported command");
        fixture.given(managed(queued(ERASE, "EraseDevice", MdmCommandPurpose.WIPE),
                        new DeviceActionRequested(DEVICE, TENANT, ERASE, DeviceAction.WIPE, DeviceStatus.ACTIVE),
                        sent(ERASE, "EraseDevice", 1)))
                .when(answer(ReportStatus.ERROR, ERASE, CommandResult.NONE, error))
                .expectEvents(new MdmCommandFailed(DEVICE, TENANT, ERASE, "EraseDevice", MdmCommandFailed.Failure.ERROR,
                                List.of(error)),
                        new DeviceActionReverted(DEVICE, TENANT, ERASE, DeviceAction.WIPE, DeviceActionReverted.Reason.FAILED,
                                DeviceStatus.ACTIVE, "Unsupported command (MCMDMErrorDomain 12021)"));
    }

    @Test
    void aRetireEndsWithTheAcknowledgementOrTheCheckOut() {
        expectQueued(fixture.given(managed()).when(new RetireDevice(DEVICE)), "RemoveProfile", DeviceActionRequested.class);
        List<Object> retiring = managed(queued(REMOVE, "RemoveProfile", MdmCommandPurpose.RETIRE),
                new DeviceActionRequested(DEVICE, TENANT, REMOVE, DeviceAction.RETIRE, DeviceStatus.ACTIVE),
                sent(REMOVE, "RemoveProfile", 1));
        fixture.given(retiring)
                .when(answer(ReportStatus.ACKNOWLEDGED, REMOVE, CommandResult.NONE))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, REMOVE, "RemoveProfile", Map.of()),
                        new DeviceRetired(DEVICE, TENANT));
        fixture.given(retiring)
                .when(new CheckOutDevice(DEVICE))
                .expectEvents(new DeviceCheckedOut(DEVICE, TENANT),
                        new MdmCommandCancelled(DEVICE, TENANT, REMOVE, "RemoveProfile",
                                MdmCommandCancelled.Reason.LEFT_MANAGEMENT),
                        new DeviceRetired(DEVICE, TENANT));
    }

    @Test
    void aPendingWipeOrRetireRefusesAnotherAction() {
        fixture.given(managed(queued(REMOVE, "RemoveProfile", MdmCommandPurpose.RETIRE),
                        new DeviceActionRequested(DEVICE, TENANT, REMOVE, DeviceAction.RETIRE, DeviceStatus.ACTIVE)))
                .when(new WipeDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict")).expectNoEvents();
    }

    @Test
    void aResetErasesTheDeviceWhileTheEntryStaysActiveOnTheServer() {
        expectQueued(fixture.given(managed()).when(new ResetDevice(DEVICE)),
                new org.mdmenroll.events.device.DeviceReset(DEVICE, TENANT), "EraseDevice");
    }

    @Test
    void deleteEndsTheEntryAtOnceAndCancelsWhatIsOpen() {
        fixture.given(managed(queued(INFO, "DeviceInformation", MdmCommandPurpose.INVENTORY)))
                .when(new DeleteDevice(DEVICE))
                .expectEvents(new DeviceDeleted(DEVICE, TENANT), new MdmCommandCancelled(DEVICE, TENANT, INFO,
                        "DeviceInformation", MdmCommandCancelled.Reason.LEFT_MANAGEMENT));
    }

    @Test
    void anEntryNothingCanReachIsWipedOrRetiredAtOnceAsBefore() {
        fixture.given(history(Stage.ACTIVE, IOS))
                .when(new WipeDevice(DEVICE))
                .expectEvents(new DeviceWiped(DEVICE, TENANT));
        fixture.given(history(Stage.ACTIVE, IOS))
                .when(new RetireDevice(DEVICE))
                .expectEvents(new DeviceRetired(DEVICE, TENANT));
    }
}
