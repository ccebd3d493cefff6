package org.mdmenroll.query.projection;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.problem.Refusal;
import org.mockito.InOrder;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The rebuild's steps against a stand-in processor: stop, reset, start, then DONE only when every
 * segment of the token store reached the total; a failed reset is FAILED and the processor runs again.
 */
class ProjectionRebuilderTest {

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final TokenStore tokenStore = mock(TokenStore.class);
    private final TransactionManager transactions = mock(TransactionManager.class);
    /** A real (in-memory) event store holding ten events: the rebuild's total. */
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final RebuildRegistry registry = new RebuildRegistry(Clock.systemUTC());
    private final ProjectionRebuilder rebuilder = new ProjectionRebuilder(processing, eventStore, registry, List.of());

    @BeforeEach
    void aUsersProcessorWithTwoSegments() {
        when(processing.eventProcessorByProcessingGroup("users", StreamingEventProcessor.class))
                .thenReturn(Optional.of(processor));
        when(processing.eventProcessorByProcessingGroup("nothing", StreamingEventProcessor.class))
                .thenReturn(Optional.empty());
        when(processing.tokenStore("users")).thenReturn(tokenStore);
        when(processing.transactionManager("users")).thenReturn(transactions);
        when(transactions.fetchInTransaction(any())).thenAnswer(call -> ((Supplier<?>) call.getArgument(0)).get());
        when(tokenStore.fetchSegments("users")).thenReturn(new int[]{1, 0});
        when(processor.getName()).thenReturn("users");
        when(processor.supportsReset()).thenReturn(true);
        for (int i = 0; i <= 10; i++) {
            eventStore.publish(GenericEventMessage.asEventMessage("event " + i));
        }
    }

    @AfterEach
    void stop() {
        rebuilder.closing();
    }

    @Test
    void doneOnlyWhenEverySegmentReachedTheTotal() {
        when(processor.isRunning()).thenReturn(true);
        EventTrackerStatus at4 = at(4);
        EventTrackerStatus at7 = at(7);
        EventTrackerStatus at10 = at(10);
        EventTrackerStatus at12 = at(12);
        // a segment not claimed yet, then one behind, then both at or past the total
        when(processor.processingStatus()).thenReturn(
                Map.of(),
                Map.of(0, at10),
                Map.of(0, at10, 1, at4),
                Map.of(0, at12, 1, at7),
                Map.of(0, at12, 1, at10));

        RebuildProgress started = rebuilder.start("users", "op");
        assertThat(started.status()).isEqualTo(RebuildStatus.REBUILDING);
        assertThat(started.total()).isEqualTo(10);

        RebuildProgress done = awaitFinished();
        assertThat(done.status()).isEqualTo(RebuildStatus.DONE);
        assertThat(done.processed()).isEqualTo(10);
        InOrder order = inOrder(processor);
        order.verify(processor).shutDown();
        order.verify(processor).resetTokens(any(Function.class));
        order.verify(processor).start();
    }

    @Test
    void aResetThatCannotClaimEverySegmentFailsAndTheProcessorRunsAgain() {
        when(processor.isRunning()).thenReturn(false);
        doThrow(new UnableToClaimTokenException("owned by someone else"))
                .when(processor).resetTokens(any(Function.class));

        rebuilder.start("users", "op");

        RebuildProgress failed = awaitFinished();
        assertThat(failed.status()).isEqualTo(RebuildStatus.FAILED);
        assertThat(failed.error()).contains("Another instance");
        assertThat(failed.finishedAt()).isNotNull();
        verify(processor).start();
    }

    @Test
    void unknownAndUnresettableProjectionsAreRefused() {
        assertThatThrownBy(() -> rebuilder.start("nothing", "op")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.type()).isEqualTo("unknown-projection"));
        assertThatThrownBy(() -> rebuilder.status("nothing")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
        when(processor.supportsReset()).thenReturn(false);
        assertThatThrownBy(() -> rebuilder.start("users", "op")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.type()).isEqualTo("projection-not-resettable"));
        verify(processor, never()).shutDown();
        assertThat(rebuilder.status("users").status()).isEqualTo(RebuildStatus.IDLE);
    }

    private RebuildProgress awaitFinished() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            RebuildProgress progress = registry.status("users");
            assertThat(progress.processed()).isLessThanOrEqualTo(progress.total());
            if (progress.status() != RebuildStatus.REBUILDING) {
                return progress;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the rebuild did not finish: " + registry.status("users"));
    }

    private static EventTrackerStatus at(long position) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(status.isReplaying()).thenReturn(true);
        return status;
    }
}
