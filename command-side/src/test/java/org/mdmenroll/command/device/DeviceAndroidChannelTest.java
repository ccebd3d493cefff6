package org.mdmenroll.command.device;

import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.device.DeviceCommands.WipeDevice;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ConnectMdmChannel;
import org.mdmenroll.command.device.MdmChannelCommands.Delivery;
import org.mdmenroll.command.device.MdmChannelCommands.ReportStatus;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.enrolled;
import static org.mdmenroll.command.device.DeviceHistory.started;
import static org.mdmenroll.events.device.Platform.ANDROID;

/**
 * The Android agent's command channel on the entry: the agent fetches with an idle connect and posts
 * each result on its own (a connect that does not fetch), so a result never hands out a command the
 * agent would not see; wipe and retire wait for its answer.
 */
class DeviceAndroidChannelTest extends DeviceAggregateTest {

    private static final String INVENTORY = "0A1B2C3D-0000-4000-8000-000000000001";
    private static final String LOCK = "0A1B2C3D-0000-4000-8000-000000000002";
    private static final String ERASE = "0A1B2C3D-0000-4000-8000-000000000003";
    private static final String REMOVE = "0A1B2C3D-0000-4000-8000-000000000004";
    private static final Duration HOURLY = Duration.ofHours(1);
    private static final DeviceInventory PIXEL = new DeviceInventory("Joe's phone", "Pixel 8", "Google Pixel 8",
            "shiba", "14", "AP1A.240405.002", "R58M12ABCDE", null, "356938035643809", null, 128.0, 64.5, null,
            null, null, null);

    /** An enrolled Android entry whose agent registered, with what the given events add. */
    private static List<Object> enrolledWithAgent(Object... more) {
        List<Object> events = new ArrayList<>(List.of(started(ANDROID),
                new AndroidAgentRegistered(DEVICE, TENANT, EnrollmentTokenId.of("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                        34, AndroidManagementMode.FULLY_MANAGED, "cd".repeat(32)),
                enrolled()));
        events.addAll(List.of(more));
        return events;
    }

    private static MdmCommandQueued queued(String uuid, String requestType, MdmCommandPurpose purpose) {
        return new MdmCommandQueued(DEVICE, TENANT, uuid, requestType, MdmChannel.ANDROID_AGENT, purpose, Map.of(),
                TestCommandEncoder.sealed(ANDROID, requestType));
    }

    private static ConnectMdmChannel fetch() {
        return new ConnectMdmChannel(DEVICE, MdmChannel.ANDROID_AGENT, ReportStatus.IDLE, null, List.of(),
                CommandResult.NONE, HOURLY);
    }

    private static ConnectMdmChannel result(ReportStatus status, String uuid, List<MdmError> errors,
                                            CommandResult result) {
        return new ConnectMdmChannel(DEVICE, MdmChannel.ANDROID_AGENT, status, uuid, errors, result, HOURLY, false);
    }

    private static ConnectMdmChannel acknowledged(String uuid) {
        return result(ReportStatus.ACKNOWLEDGED, uuid, List.of(), CommandResult.NONE);
    }

    @Test
    void theAgentFetchesTheOldestOpenCommand() {
        fixture.given(enrolledWithAgent(queued(INVENTORY, "DeviceInformation", MdmCommandPurpose.INVENTORY),
                        queued(LOCK, "DeviceLock", MdmCommandPurpose.ADMIN)))
                .when(fetch())
                .expectEvents(new MdmCommandSent(DEVICE, TENANT, INVENTORY, "DeviceInformation", 1))
                .expectResultMessagePayload(new Delivery(INVENTORY, "DeviceInformation",
                        TestCommandEncoder.sealed(ANDROID, "DeviceInformation")));
    }

    @Test
    void aFetchWithNothingDueRecordsThatTheAgentWasHeardFrom() {
        fixture.given(enrolledWithAgent())
                .when(fetch())
                .expectEvents(new DeviceConnected(DEVICE, TENANT, MdmChannel.ANDROID_AGENT))
                .expectResultMessagePayload(null);
    }

    @Test
    void aPostedResultIsRecordedAndHandsOutNothingThoughMoreIsOpen() {
        CommandResult told = new CommandResult(PIXEL, null, Map.of());
        fixture.given(enrolledWithAgent(queued(INVENTORY, "DeviceInformation", MdmCommandPurpose.INVENTORY),
                        queued(LOCK, "DeviceLock", MdmCommandPurpose.ADMIN),
                        new MdmCommandSent(DEVICE, TENANT, INVENTORY, "DeviceInformation", 1)))
                .when(result(ReportStatus.ACKNOWLEDGED, INVENTORY, List.of(), told))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, INVENTORY, "DeviceInformation", Map.of()),
                        new DeviceInformationReported(DEVICE, TENANT, INVENTORY, PIXEL))
                .expectResultMessagePayload(null);
    }

    @Test
    void notNowKeepsTheCommandForTheNextFetch() {
        fixture.given(enrolledWithAgent(queued(LOCK, "DeviceLock", MdmCommandPurpose.ADMIN),
                        new MdmCommandSent(DEVICE, TENANT, LOCK, "DeviceLock", 1)))
                .when(result(ReportStatus.NOT_NOW, LOCK, List.of(), CommandResult.NONE))
                .expectEvents(new MdmCommandNotNow(DEVICE, TENANT, LOCK, "DeviceLock"));
        fixture.given(enrolledWithAgent(queued(LOCK, "DeviceLock", MdmCommandPurpose.ADMIN),
                        new MdmCommandSent(DEVICE, TENANT, LOCK, "DeviceLock", 1),
                        new MdmCommandNotNow(DEVICE, TENANT, LOCK, "DeviceLock")))
                .when(fetch())
                .expectEvents(new MdmCommandSent(DEVICE, TENANT, LOCK, "DeviceLock", 2));
    }

    @Test
    void aWipeQueuesEraseDeviceForTheAgentAndWaitsForIt() {
        fixture.given(enrolledWithAgent())
                .when(new WipeDevice(DEVICE))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        Matchers.<Object>matches(event -> event instanceof MdmCommandQueued queued
                                && queued.requestType().equals("EraseDevice")
                                && queued.channel().equals(MdmChannel.ANDROID_AGENT)
                                && queued.purpose() == MdmCommandPurpose.WIPE),
                        Matchers.<Object>matches(event -> event instanceof DeviceActionRequested requested
                                && requested.action() == DeviceAction.WIPE
                                && requested.previousStatus() == DeviceStatus.ACTIVE),
                        andNoMore())));
    }

    @Test
    void theAgentsAcknowledgedEraseWipesTheEntryAndCancelsTheRest() {
        fixture.given(enrolledWithAgent(queued(LOCK, "DeviceLock", MdmCommandPurpose.ADMIN),
                        queued(ERASE, "EraseDevice", MdmCommandPurpose.WIPE),
                        new DeviceActionRequested(DEVICE, TENANT, ERASE, DeviceAction.WIPE, DeviceStatus.ACTIVE),
                        new MdmCommandSent(DEVICE, TENANT, ERASE, "EraseDevice", 1)))
                .when(acknowledged(ERASE))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, ERASE, "EraseDevice", Map.of()),
                        new DeviceWiped(DEVICE, TENANT),
                        new MdmCommandCancelled(DEVICE, TENANT, LOCK, "DeviceLock",
                                MdmCommandCancelled.Reason.LEFT_MANAGEMENT));
    }

    @Test
    void theAgentsAcknowledgedRemoveManagementRetiresTheEntry() {
        fixture.given(enrolledWithAgent(queued(REMOVE, "RemoveManagement", MdmCommandPurpose.RETIRE),
                        new DeviceActionRequested(DEVICE, TENANT, REMOVE, DeviceAction.RETIRE, DeviceStatus.ACTIVE),
                        new MdmCommandSent(DEVICE, TENANT, REMOVE, "RemoveManagement", 1)))
                .when(acknowledged(REMOVE))
                .expectEvents(new MdmCommandAcknowledged(DEVICE, TENANT, REMOVE, "RemoveManagement", Map.of()),
                        new DeviceRetired(DEVICE, TENANT));
    }

    @Test
    void theAgentsErrorRevertsAPendingRetire() {
        List<MdmError> chain = List.of(new MdmError(7, "AndroidAgent", "Not the device owner"));
        fixture.given(enrolledWithAgent(queued(REMOVE, "RemoveManagement", MdmCommandPurpose.RETIRE),
                        new DeviceActionRequested(DEVICE, TENANT, REMOVE, DeviceAction.RETIRE, DeviceStatus.ACTIVE),
                        new MdmCommandSent(DEVICE, TENANT, REMOVE, "RemoveManagement", 1)))
                .when(result(ReportStatus.ERROR, REMOVE, chain, CommandResult.NONE))
                .expectEvents(new MdmCommandFailed(DEVICE, TENANT, REMOVE, "RemoveManagement",
                                MdmCommandFailed.Failure.ERROR, chain),
                        new DeviceActionReverted(DEVICE, TENANT, REMOVE, DeviceAction.RETIRE,
                                DeviceActionReverted.Reason.FAILED, DeviceStatus.ACTIVE,
                                "Not the device owner (AndroidAgent 7)"));
    }

    @Test
    void aResultForACommandTheEntryDoesNotHaveOpenIsRecordedOnce() {
        fixture.given(enrolledWithAgent())
                .when(acknowledged(INVENTORY))
                .expectEvents(new MdmUnexpectedResult(DEVICE, TENANT, INVENTORY, "ACKNOWLEDGED"));
        fixture.given(enrolledWithAgent(new MdmUnexpectedResult(DEVICE, TENANT, INVENTORY, "ACKNOWLEDGED")))
                .when(acknowledged(INVENTORY))
                .expectNoEvents();
    }
}
