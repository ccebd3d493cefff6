package org.mdmenroll.command.device;

import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device entry's MDM command queue, as its events left it: the commands still open (queued, sent
 * and not answered, or answered NotNow) in the order they were queued, the ones answered, and when
 * each channel was last heard from. Part of the {@link Device} aggregate, which decides; this only
 * remembers, and changes only in its event-sourcing handlers.
 */
class MdmCommandQueue {

    /** One open command: what it is, where it goes, why, how often it was delivered, and the sealed command. */
    record OpenCommand(String commandUuid, String requestType, MdmChannel channel, MdmCommandPurpose purpose,
                       String sealedCommand, int deliveries, boolean delivered) {

        OpenCommand deliveredOnce() {
            return new OpenCommand(commandUuid, requestType, channel, purpose, sealedCommand, deliveries + 1, true);
        }
    }

    private final Map<String, OpenCommand> open = new LinkedHashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final Set<String> unexpectedRecorded = new HashSet<>();
    private final Map<MdmChannel, Instant> lastHeard = new HashMap<>();

    /** The oldest open command for the channel: what the device gets when it asks. */
    Optional<OpenCommand> next(MdmChannel channel) {
        return open.values().stream().filter(command -> command.channel().equals(channel)).findFirst();
    }

    Optional<OpenCommand> open(String commandUuid) {
        return Optional.ofNullable(open.get(commandUuid));
    }

    List<OpenCommand> openCommands() {
        return new ArrayList<>(open.values());
    }

    boolean wasAnswered(String commandUuid) {
        return answered.contains(commandUuid);
    }

    boolean unexpectedResultRecorded(String commandUuid) {
        return unexpectedRecorded.contains(commandUuid);
    }

    /** When anything of this channel was last recorded: a delivery, an answer or an idle connect. */
    Optional<Instant> lastHeard(MdmChannel channel) {
        return Optional.ofNullable(lastHeard.get(channel));
    }

    @EventSourcingHandler
    void on(MdmCommandQueued event) {
        open.put(event.commandUuid(), new OpenCommand(event.commandUuid(), event.requestType(), event.channel(),
                event.purpose(), event.sealedCommand(), 0, false));
    }

    @EventSourcingHandler
    void on(MdmCommandSent event, @Timestamp Instant at) {
        OpenCommand command = open.computeIfPresent(event.commandUuid(), (uuid, c) -> c.deliveredOnce());
        heard(command, at);
    }

    @EventSourcingHandler
    void on(MdmCommandNotNow event, @Timestamp Instant at) {
        heard(open.get(event.commandUuid()), at);
    }

    @EventSourcingHandler
    void on(MdmCommandAcknowledged event, @Timestamp Instant at) {
        close(event.commandUuid(), at);
    }

    @EventSourcingHandler
    void on(MdmCommandFailed event, @Timestamp Instant at) {
        close(event.commandUuid(), at);
    }

    @EventSourcingHandler
    void on(MdmCommandCancelled event) {
        open.remove(event.commandUuid());
        answered.add(event.commandUuid());
    }

    @EventSourcingHandler
    void on(MdmUnexpectedResult event) {
        unexpectedRecorded.add(event.commandUuid());
    }

    @EventSourcingHandler
    void on(DeviceConnected event, @Timestamp Instant at) {
        lastHeard.put(event.channel(), at);
    }

    private void close(String commandUuid, Instant at) {
        heard(open.remove(commandUuid), at);
        answered.add(commandUuid);
    }

    private void heard(OpenCommand command, Instant at) {
        if (command != null) {
            lastHeard.put(command.channel(), at);
        }
    }
}
