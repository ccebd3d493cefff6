package org.mdmenroll.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * How far each projection is behind the event store, as the gauge {@code mdm.projection.lag}
 * (events, tag {@code projection}): the newest event's position minus the position of the
 * projection's slowest segment. Read only when metrics are scraped, in place of Axon's processor
 * monitors, which cost CPU for every event every processor reads (README "Benchmarks").
 */
@Component
public class ProjectionLagMetrics {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry registry;

    public ProjectionLagMetrics(EventProcessingConfiguration processing, EventStore eventStore,
            MeterRegistry registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("mdm.projection.lag", streaming, this::lag)
                        .description("Events the projection has still to handle")
                        .baseUnit("events")
                        .tag("projection", name)
                        .register(registry);
            }
        });
    }

    /** NaN while the projection has claimed no segment (not started, or held by another instance). */
    double lag(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return Double.NaN;
        }
        long slowest = status.values().stream()
                .mapToLong(segment -> segment.getCurrentPosition().orElse(0))
                .min().orElse(0);
        TrackingToken head = eventStore.createHeadToken();
        long newest = head == null ? 0 : head.position().orElse(0);
        return Math.max(0, newest - slowest);
    }
}
