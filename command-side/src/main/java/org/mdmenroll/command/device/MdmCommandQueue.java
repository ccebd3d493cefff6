package org.mdmenroll.command.device;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.mdmenroll.command.device.MdmChannelCommands.CancelMdmCommand;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ConnectMdmChannel;
import org.mdmenroll.command.device.MdmChannelCommands.Delivery;
import org.mdmenroll.command.device.MdmChannelCommands.QueueMdmCommand;
import org.mdmenroll.command.device.MdmCommandEncoder.EncodedCommand;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
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
import org.mdmenroll.support.problem.Refusal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A device entry's MDM command queue, part of the {@link Device} aggregate: commands wait in the
 * order they were queued, each goes to the device when it connects (again and again until it
 * answers), and the answer closes it. NotNow keeps the command for a later connect and hands out
 * nothing more on that connection (Apple's "Handling NotNow status responses"). A result for a
 * command the entry does not have open is recorded once and otherwise ignored. Answers move a
 * pending wipe or retire on: acknowledged, the entry is WIPED or INACTIVE; an error returns it to
 * its earlier status. State changes only in the event-sourcing handlers below.
 */
class MdmCommandQueue {

    /** Admins ask for these directly; erase, remove and install come with wipe, retire, reset and renewal. */
    private static final Set<Class<? extends MdmRequest>> ADMIN_REQUESTS = Set.of(MdmRequest.DeviceInformation.class,
            MdmRequest.SecurityInfo.class, MdmRequest.ProfileList.class, MdmRequest.CertificateList.class,
            MdmRequest.InstalledApplicationList.class, MdmRequest.DeviceLock.class, MdmRequest.RestartDevice.class,
            MdmRequest.ShutDownDevice.class);

    /** One open command: what it is, where it goes, why, how often it was delivered, and the sealed command. */
    record OpenCommand(String commandUuid, String requestType, MdmChannel channel, MdmCommandPurpose purpose,
                       String sealedCommand, int deliveries) {
    }

    private final Device device;
    private final Map<String, OpenCommand> open = new LinkedHashMap<>();
    private final Set<String> unexpectedRecorded = new HashSet<>();
    private final Map<MdmChannel, Instant> lastHeard = new HashMap<>();
    /** The wipe or retire the entry waits for; meaningful only while the entry is WIPE_ or RETIRE_PENDING. */
    private DeviceActionRequested pendingAction;
    /** The device's MDM client sent its push token, or the Android agent registered: commands can reach it. */
    private boolean reachable;

    MdmCommandQueue(Device device) {
        this.device = device;
    }

    /** An admin's command; answered with its UUID. */
    @CommandHandler
    String handle(QueueMdmCommand command, MdmCommandEncoder encoder) {
        if (!ADMIN_REQUESTS.contains(command.request().getClass())) {
            throw Refusal.invalid("not-an-admin-command", "Erase, remove and install commands come with wipe, "
                    + "retire, reset and certificate renewal, not on their own.");
        }
        if (!device.status().isActiveOnServer()) {
            throw device.transitionRefused("send a command to");
        }
        if (!reachable) {
            throw Refusal.conflict("device-not-reachable", "The device has no MDM channel yet: it has not "
                    + "completed enrollment with its MDM client or agent.");
        }
        return queue(encoder, command.request(), MdmCommandPurpose.ADMIN);
    }

    /**
     * One connection: the device's answer (if any) is recorded, then the next command for the channel
     * is delivered, if there is one, the answer was not NotNow and the connection fetches. An idle
     * connect with nothing to deliver is recorded at most once per {@code connectRecordInterval}. A
     * device whose entry is no longer managed gets 401, which Apple's MDM client takes as "remove
     * management".
     */
    @CommandHandler
    Delivery handle(ConnectMdmChannel command, Clock clock) {
        if (!device.status().isActiveOnServer()) {
            throw Refusal.unauthorized("device-not-managed", "This device entry is " + device.status()
                    + " and no longer managed.");
        }
        boolean recorded = command.status() != MdmChannelCommands.ReportStatus.IDLE && report(command);
        if (command.status() == MdmChannelCommands.ReportStatus.NOT_NOW || !command.fetch()) {
            return null;
        }
        if (!device.status().isActiveOnServer()) {
            return null;
        }
        Optional<OpenCommand> next = open.values().stream()
                .filter(candidate -> candidate.channel().equals(command.channel())).findFirst();
        if (next.isPresent()) {
            OpenCommand delivered = next.get();
            apply(new MdmCommandSent(device.deviceId(), device.tenantId(), delivered.commandUuid(),
                    delivered.requestType(), delivered.deliveries() + 1));
            return new Delivery(delivered.commandUuid(), delivered.requestType(), delivered.sealedCommand());
        }
        Instant last = lastHeard.get(command.channel());
        if (!recorded && (last == null || !clock.instant().isBefore(last.plus(command.connectRecordInterval())))) {
            apply(new DeviceConnected(device.deviceId(), device.tenantId(), command.channel()));
        }
        return null;
    }

    /** Only a command the device has not received can be taken back; a pending wipe or retire then reverts. */
    @CommandHandler
    void handle(CancelMdmCommand command) {
        OpenCommand cancelled = open.get(command.commandUuid());
        if (cancelled == null) {
            throw Refusal.notFound("command-not-found", "The device entry has no open command " + command.commandUuid() + ".");
        }
        if (cancelled.deliveries() > 0) {
            throw Refusal.conflict("command-already-delivered",
                    "The device has received this command already; it can no longer be taken back.");
        }
        apply(new MdmCommandCancelled(device.deviceId(), device.tenantId(), cancelled.commandUuid(),
                cancelled.requestType(), MdmCommandCancelled.Reason.ADMIN));
        pendingActionOf(cancelled).ifPresent(action -> apply(new DeviceActionReverted(device.deviceId(),
                device.tenantId(), cancelled.commandUuid(), action.action(), DeviceActionReverted.Reason.CANCELLED,
                action.previousStatus(), null)));
    }

    /** Queues a command the aggregate decided on; answered with its UUID. */
    String queue(MdmCommandEncoder encoder, MdmRequest request, MdmCommandPurpose purpose) {
        EncodedCommand encoded = encoder.encode(device.tenantId(), device.platform(), request);
        String commandUuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        apply(new MdmCommandQueued(device.deviceId(), device.tenantId(), commandUuid, encoded.requestType(),
                device.platform() == Platform.ANDROID ? MdmChannel.ANDROID_AGENT : MdmChannel.DEVICE, purpose,
                encoded.parameters(), encoded.sealedCommand()));
        return commandUuid;
    }

    /** The entry left management: nothing open will be delivered. */
    void cancelOpen() {
        for (OpenCommand command : List.copyOf(open.values())) {
            apply(new MdmCommandCancelled(device.deviceId(), device.tenantId(), command.commandUuid(),
                    command.requestType(), MdmCommandCancelled.Reason.LEFT_MANAGEMENT));
        }
    }

    /** Whether a command of this request type is still open on the device channel. */
    boolean hasOpen(String requestType) {
        return open.values().stream().anyMatch(command -> command.requestType().equals(requestType)
                && command.channel() == MdmChannel.DEVICE);
    }

    boolean reachable() {
        return reachable;
    }

    /** Records the answer; false when it was a repeat of an unexpected result already recorded. */
    private boolean report(ConnectMdmChannel command) {
        OpenCommand answered = open.get(command.commandUuid());
        if (answered == null || !answered.channel().equals(command.channel())) {
            if (unexpectedRecorded.contains(command.commandUuid())) {
                return false;
            }
            apply(new MdmUnexpectedResult(device.deviceId(), device.tenantId(), command.commandUuid(),
                    command.status().name()));
            return true;
        }
        switch (command.status()) {
            case NOT_NOW -> apply(new MdmCommandNotNow(device.deviceId(), device.tenantId(), answered.commandUuid(),
                    answered.requestType()));
            case ACKNOWLEDGED -> acknowledged(answered, command.result());
            case ERROR, COMMAND_FORMAT_ERROR -> failed(answered, command);
            default -> throw new IllegalStateException("An idle connect reports nothing");
        }
        return true;
    }

    private void acknowledged(OpenCommand command, CommandResult result) {
        CommandResult told = result == null ? CommandResult.NONE : result;
        apply(new MdmCommandAcknowledged(device.deviceId(), device.tenantId(), command.commandUuid(),
                command.requestType(), told.summary()));
        if ("DeviceInformation".equals(command.requestType()) && told.inventory() != null) {
            apply(new DeviceInformationReported(device.deviceId(), device.tenantId(), command.commandUuid(),
                    told.inventory()));
        }
        if ("SecurityInfo".equals(command.requestType()) && told.security() != null) {
            apply(new SecurityInfoReported(device.deviceId(), device.tenantId(), command.commandUuid(),
                    told.security()));
        }
        Optional<DeviceActionRequested> action = pendingActionOf(command);
        if (action.isPresent()) {
            apply(action.get().action() == DeviceAction.WIPE
                    ? new DeviceWiped(device.deviceId(), device.tenantId())
                    : new DeviceRetired(device.deviceId(), device.tenantId()));
            cancelOpen();
        } else if (command.purpose() == MdmCommandPurpose.RESET) {
            // The device erased itself: nothing else it was asked will be answered.
            cancelOpen();
        }
    }

    private void failed(OpenCommand command, ConnectMdmChannel report) {
        apply(new MdmCommandFailed(device.deviceId(), device.tenantId(), command.commandUuid(), command.requestType(),
                report.status() == MdmChannelCommands.ReportStatus.ERROR ? MdmCommandFailed.Failure.ERROR
                        : MdmCommandFailed.Failure.COMMAND_FORMAT_ERROR, report.errorChain()));
        pendingActionOf(command).ifPresent(action -> apply(new DeviceActionReverted(device.deviceId(),
                device.tenantId(), command.commandUuid(), action.action(), DeviceActionReverted.Reason.FAILED,
                action.previousStatus(), describe(report.errorChain()))));
    }

    private Optional<DeviceActionRequested> pendingActionOf(OpenCommand command) {
        boolean pending = device.status() == DeviceStatus.WIPE_PENDING || device.status() == DeviceStatus.RETIRE_PENDING;
        return pending && pendingAction != null && pendingAction.commandUuid().equals(command.commandUuid())
                ? Optional.of(pendingAction) : Optional.empty();
    }

    private static String describe(List<MdmError> errorChain) {
        return errorChain.isEmpty() ? "The device answered with an error."
                : errorChain.stream().map(e -> (e.description() != null ? e.description() : "error")
                        + (e.code() != null ? " (" + e.domain() + " " + e.code() + ")" : ""))
                .collect(Collectors.joining("; "));
    }

    @EventSourcingHandler
    void on(MdmCommandQueued event) {
        open.put(event.commandUuid(), new OpenCommand(event.commandUuid(), event.requestType(), event.channel(),
                event.purpose(), event.sealedCommand(), 0));
    }

    @EventSourcingHandler
    void on(MdmCommandSent event, @Timestamp Instant at) {
        OpenCommand command = open.computeIfPresent(event.commandUuid(), (uuid, c) -> new OpenCommand(
                c.commandUuid(), c.requestType(), c.channel(), c.purpose(), c.sealedCommand(), event.attempt()));
        heard(command, at);
    }

    @EventSourcingHandler
    void on(MdmCommandNotNow event, @Timestamp Instant at) {
        heard(open.get(event.commandUuid()), at);
    }

    @EventSourcingHandler
    void on(MdmCommandAcknowledged event, @Timestamp Instant at) {
        heard(open.remove(event.commandUuid()), at);
    }

    @EventSourcingHandler
    void on(MdmCommandFailed event, @Timestamp Instant at) {
        heard(open.remove(event.commandUuid()), at);
    }

    @EventSourcingHandler
    void on(MdmCommandCancelled event) {
        open.remove(event.commandUuid());
    }

    @EventSourcingHandler
    void on(MdmUnexpectedResult event) {
        unexpectedRecorded.add(event.commandUuid());
    }

    @EventSourcingHandler
    void on(DeviceConnected event, @Timestamp Instant at) {
        lastHeard.put(event.channel(), at);
    }

    @EventSourcingHandler
    void on(DeviceActionRequested event) {
        pendingAction = event;
    }

    @EventSourcingHandler
    void on(MdmPushTokenUpdated event) {
        reachable = reachable || event.userGuid() == null;
    }

    @EventSourcingHandler
    void on(AndroidAgentRegistered event) {
        reachable = true;
    }

    /** A new enrollment of the entry reaches the device only once it completes again. */
    @EventSourcingHandler
    void on(DeviceReEnrolled event) {
        reachable = false;
    }

    private void heard(OpenCommand command, Instant at) {
        if (command != null) {
            lastHeard.put(command.channel(), at);
        }
    }
}
