package org.mdmenroll.command.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmError;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the command channel asks of a device entry: queue, connect (report and fetch), cancel. */
public final class MdmChannelCommands {

    private MdmChannelCommands() {
    }

    /** An admin's command for the device (answered with the command's UUID). */
    public record QueueMdmCommand(@TargetAggregateIdentifier DeviceId deviceId, MdmRequest request) {
    }

    /** How a device answered a command, or Idle; with whatever the answer told. */
    public enum ReportStatus { IDLE, ACKNOWLEDGED, ERROR, COMMAND_FORMAT_ERROR, NOT_NOW }

    /**
     * What an Acknowledged answer told: the inventory (DeviceInformation), the security state
     * (SecurityInfo) and a summary for any other command; each null or empty when it said nothing of it.
     */
    public record CommandResult(DeviceInventory inventory, DeviceSecurity security, Map<String, String> summary) {
        public static final CommandResult NONE = new CommandResult(null, null, Map.of());
    }

    /**
     * One connection of the device to its command channel: records the result it reports (if any) and
     * answers the next command to deliver on this connection, or none. An idle connect with nothing
     * to deliver is recorded when the channel was last heard from {@code connectRecordInterval} ago or more.
     * Without {@code fetch} the result is only recorded: the Android agent posts each result and fetches
     * with a call of its own, so a command handed to no one is not recorded as sent.
     */
    public record ConnectMdmChannel(@TargetAggregateIdentifier DeviceId deviceId, MdmChannel channel,
                                    ReportStatus status, String commandUuid, List<MdmError> errorChain,
                                    CommandResult result, Duration connectRecordInterval, boolean fetch) {

        /** A connect that also fetches the next command, as Apple's MDM client's always does. */
        public ConnectMdmChannel(DeviceId deviceId, MdmChannel channel, ReportStatus status, String commandUuid,
                                 List<MdmError> errorChain, CommandResult result, Duration connectRecordInterval) {
            this(deviceId, channel, status, commandUuid, errorChain, result, connectRecordInterval, true);
        }
    }

    /** The command to hand to the device: its UUID and the command, still sealed. */
    public record Delivery(String commandUuid, String requestType, String sealedCommand) {
        @Override
        public String toString() {
            return "Delivery[" + commandUuid + ", " + requestType + "]";
        }
    }

    /** An admin takes back a command the device has not received yet. */
    public record CancelMdmCommand(@TargetAggregateIdentifier DeviceId deviceId, String commandUuid) {
    }
}
