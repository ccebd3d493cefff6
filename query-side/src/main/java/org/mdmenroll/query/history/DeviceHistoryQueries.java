package org.mdmenroll.query.history;

import org.mdmenroll.support.audit.SecretFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.query.history.DeviceHistory.HistoryEntry;
import org.mdmenroll.query.history.DeviceStateFold.TimedEvent;
import org.mdmenroll.support.audit.AuditMetadata;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a device entry's history and its state at a moment straight from the event store: reads
 * only that entry's events (by aggregate id), no projection. An id that is not a device entry of the
 * asking tenant answers nothing.
 */
@Component
public class DeviceHistoryQueries {

    private final EventStore eventStore;
    private final ObjectMapper objectMapper;

    public DeviceHistoryQueries(EventStore eventStore, ObjectMapper objectMapper) {
        this.eventStore = eventStore;
        this.objectMapper = objectMapper;
    }

    /** The events of one device entry of the tenant. */
    public record FindDeviceHistory(TenantId tenantId, DeviceId deviceId) {
    }

    /** Null when the entry is not the tenant's. */
    public record FoundDeviceHistory(DeviceHistory history) {
    }

    /** The state of one device entry of the tenant at {@code asOf}. */
    public record FindDeviceStateAt(TenantId tenantId, DeviceId deviceId, Instant asOf) {
    }

    /** Null when the entry is not the tenant's. */
    public record FoundDeviceState(DeviceStateAt state) {
    }

    @QueryHandler
    public FoundDeviceHistory handle(FindDeviceHistory query) {
        List<DomainEventMessage<?>> events = eventsOf(query.tenantId(), query.deviceId());
        if (events == null) {
            return new FoundDeviceHistory(null);
        }
        List<HistoryEntry> entries = new ArrayList<>(events.size());
        for (DomainEventMessage<?> event : events) {
            MetaData metaData = event.getMetaData();
            JsonNode payload = SecretFields.removeFrom(objectMapper.valueToTree(event.getPayload()));
            entries.add(new HistoryEntry(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                    event.getTimestamp(), AuditMetadata.actorType(metaData), AuditMetadata.actor(metaData),
                    AuditMetadata.requestId(metaData), AuditMetadata.cause(metaData), payload));
        }
        return new FoundDeviceHistory(new DeviceHistory(List.copyOf(entries)));
    }

    @QueryHandler
    public FoundDeviceState handle(FindDeviceStateAt query) {
        List<DomainEventMessage<?>> events = eventsOf(query.tenantId(), query.deviceId());
        if (events == null) {
            return new FoundDeviceState(null);
        }
        List<TimedEvent> timed = events.stream()
                .map(event -> new TimedEvent(event.getPayload(), event.getTimestamp())).toList();
        return new FoundDeviceState(DeviceStateFold.stateAt(query.deviceId(), query.asOf(), timed));
    }

    /**
     * The entry's events in sequence order, or null unless its first event starts a device entry of
     * the tenant (so no other aggregate's events, and no other tenant's, are ever shown). Reads from
     * sequence 0 on purpose: {@code readEvents(id)} would begin with a snapshot if one were ever taken.
     */
    private List<DomainEventMessage<?>> eventsOf(TenantId tenantId, DeviceId deviceId) {
        DomainEventStream stream = eventStore.readEvents(deviceId.toString(), 0L);
        if (!stream.hasNext()) {
            return null;
        }
        DomainEventMessage<?> first = stream.peek();
        if (!(first.getPayload() instanceof EnrollmentStarted started) || !tenantId.equals(started.tenantId())) {
            return null;
        }
        List<DomainEventMessage<?>> events = new ArrayList<>();
        stream.forEachRemaining(events::add);
        return events;
    }
}
