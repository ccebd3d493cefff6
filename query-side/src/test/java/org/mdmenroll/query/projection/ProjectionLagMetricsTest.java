package org.mdmenroll.query.projection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The lag gauge: newest event minus the slowest segment, per streaming projection, NaN before any claim. */
class ProjectionLagMetricsTest {

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final StreamingEventProcessor users = mock(StreamingEventProcessor.class);
    private final StreamingEventProcessor devices = mock(StreamingEventProcessor.class);
    /** A real (in-memory) event store of ten events: the newest is at position 9. */
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void eachProjectionIsAsFarBehindAsItsSlowestSegment() {
        for (int i = 0; i < 10; i++) {
            eventStore.publish(GenericEventMessage.asEventMessage("event " + i));
        }
        when(processing.eventProcessors()).thenReturn(Map.<String, EventProcessor>of("users", users, "devices", devices));
        Map<Integer, EventTrackerStatus> behind = Map.of(0, at(9), 1, at(3));
        Map<Integer, EventTrackerStatus> caughtUp = Map.of(0, at(9), 1, at(9));
        when(users.processingStatus()).thenReturn(behind);
        when(devices.processingStatus()).thenReturn(Map.of());

        new ProjectionLagMetrics(processing, eventStore, registry).register();

        assertThat(registry.get("mdm.projection.lag").tag("projection", "users").gauge().value()).isEqualTo(6.0);
        assertThat(registry.get("mdm.projection.lag").tag("projection", "devices").gauge().value()).isNaN();
        when(users.processingStatus()).thenReturn(caughtUp);
        assertThat(registry.get("mdm.projection.lag").tag("projection", "users").gauge().value()).isZero();
    }

    private static EventTrackerStatus at(long position) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        return status;
    }
}
