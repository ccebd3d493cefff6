package org.mdmenroll.query.projection;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rebuilds a projection from the event store: stops its streaming processor, resets its tokens
 * to the first event (which runs the projection's {@code @ResetHandler}), starts it again and
 * follows the replay until every segment reached the newest event of the moment the rebuild
 * started. The work runs in the background; the service keeps answering queries meanwhile, from
 * a read model that fills up again as the replay goes.
 */
@Component
public class ProjectionRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

    private final EventProcessingConfiguration processing;
    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final RebuildRegistry registry;
    private final List<ShadowRebuild> shadows;
    private final ExecutorService executor;
    private volatile boolean closing;

    public ProjectionRebuilder(EventProcessingConfiguration processing, EventStore eventStore, RebuildRegistry registry,
                               List<ShadowRebuild> shadows) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.registry = registry;
        this.shadows = List.copyOf(shadows);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "projection-rebuild-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts rebuilding the projection (processing group) {@code name} and returns at once.
     *
     * @throws Refusal 404 {@code unknown-projection}, 409 {@code rebuild-in-progress} or
     *                 409 {@code projection-not-resettable}
     */
    public RebuildProgress start(String name, String requestedBy) {
        StreamingEventProcessor processor = processor(name);
        if (!processor.supportsReset()) {
            throw new Refusal(Refusal.Kind.CONFLICT, "projection-not-resettable",
                    "The handlers of this projection cannot be reset, so it cannot be rebuilt.");
        }
        long total = highestGlobalIndex();
        RebuildProgress started = registry.begin(name, total);
        log.info("Rebuild of projection {} requested by {}: replaying events up to global index {}",
                name, requestedBy, total);
        try {
            executor.execute(() -> rebuild(name, processor, total));
        } catch (RejectedExecutionException e) {
            registry.failed(name, "The service is shutting down.");
            throw e;
        }
        return started;
    }

    /** The projection's last rebuild in this instance (IDLE if none); 404 for an unknown projection. */
    public RebuildProgress status(String name) {
        processor(name);
        return registry.status(name);
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessorByProcessingGroup(name, StreamingEventProcessor.class)
                .orElseThrow(() -> Refusal.notFound("unknown-projection",
                        "There is no projection (processing group) of this name."));
    }

    /** The position of the newest event, from the event store itself (JDBC or Axon Server alike). */
    private long highestGlobalIndex() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : Math.max(0, head.position().orElse(0));
    }

    private void rebuild(String name, StreamingEventProcessor processor, long total) {
        long started = System.nanoTime();
        try {
            processor.shutDown();
            // From the first event, explicitly: resetTokens() without an argument resets to the processor's
            // initial token, which for Axon's pooled processors is a replay token at the head, not the tail.
            processor.resetTokens(StreamableMessageSource::createTailToken);
            log.info("Projection {} reset; replaying events up to global index {}", name, total);
            processor.start();
            follow(name, processor, segments(processor), total);
            for (ShadowRebuild shadow : shadows) {
                if (shadow.processingGroup().equals(name)) {
                    shadow.swap();
                }
            }
            registry.done(name);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("Rebuilt projection {}: events up to global index {} in {} ms", name, total, took.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            registry.failed(name, "Interrupted: the service is shutting down.");
            log.warn("Rebuild of projection {} interrupted", name);
        } catch (RuntimeException e) {
            log.error("Rebuild of projection {} failed", name, e);
            // The projection runs again before anyone is told the rebuild failed.
            restartQuietly(name, processor);
            registry.failed(name, e instanceof UnableToClaimTokenException
                    ? "Another instance holds segments of this projection; a rebuild needs them all."
                    : "The rebuild failed; the service log has the details.");
        }
    }

    /**
     * Polls the processor until every segment reached {@code total}, logging progress now and then.
     * A segment's {@code isReplaying()} is no sign of the end: Axon ends a replay only at the first
     * event after the position the segment had when it was reset, so on a quiet event store it
     * stays true after the last event was replayed.
     */
    private void follow(String name, StreamingEventProcessor processor, int[] segments, long total)
            throws InterruptedException {
        long nextLog = System.nanoTime() + LOG_INTERVAL.toNanos();
        while (true) {
            if (closing) {
                throw new InterruptedException("closing");
            }
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            long processed = Long.MAX_VALUE;
            boolean done = true;
            String lastError = null;
            for (int segment : segments) {
                EventTrackerStatus tracker = status.get(segment);
                long position = tracker == null ? 0 : tracker.getCurrentPosition().orElse(0);
                processed = Math.min(processed, position);
                done &= tracker != null && position >= total;
                if (tracker != null && tracker.isErrorState()) {
                    // the details (SQL, hosts) stay in the log: Axon logs the error and retries the segment
                    lastError = "Segment " + segment + " failed and is retried; the service log has the details.";
                }
            }
            if (segments.length == 0) {
                processed = total;
            }
            if (done) {
                return;
            }
            registry.progress(name, processed, lastError);
            if (!processor.isRunning()) {
                throw new IllegalStateException("The processor stopped before the rebuild was done.");
            }
            if (System.nanoTime() - nextLog >= 0) {
                log.info("Rebuilding projection {}: {}/{} events{}", name, Math.min(processed, total), total,
                        lastError == null ? "" : " (" + lastError + ")");
                nextLog = System.nanoTime() + LOG_INTERVAL.toNanos();
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private int[] segments(StreamingEventProcessor processor) {
        TokenStore tokens = processing.tokenStore(processor.getName());
        TransactionManager transactions = processing.transactionManager(processor.getName());
        int[] segments = transactions.fetchInTransaction(() -> tokens.fetchSegments(processor.getName()));
        Arrays.sort(segments);
        return segments;
    }

    private void restartQuietly(String name, StreamingEventProcessor processor) {
        if (closing || processor.isRunning()) {
            return;
        }
        try {
            processor.start();
        } catch (RuntimeException e) {
            log.error("Could not restart the processor of projection {} after a failed rebuild", name, e);
        }
    }

    /** Stops following rebuilds when the service shuts down; Axon stops the processors itself. */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true;
        executor.shutdownNow();
    }
}
