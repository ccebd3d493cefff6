package org.mdmenroll.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * A projection's rebuild as clients poll it: {@code processed} of {@code total} events, where
 * {@code total} is the event store's highest global index when the rebuild started.
 */
public record RebuildProgress(
        @Schema(description = "The processing group (projection) name") String name,
        RebuildStatus status,
        @Schema(description = "The lowest position over the projection's segments, at most total") Long processed,
        @Schema(description = "The event store's highest global index when the rebuild started") Long total,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "Why the rebuild failed, or the last error a segment reported") String error) {

    static RebuildProgress idle(String name) {
        return new RebuildProgress(name, RebuildStatus.IDLE, null, null, null, null, null);
    }

    static RebuildProgress started(String name, long total, Instant at) {
        return new RebuildProgress(name, RebuildStatus.REBUILDING, 0L, total, at, null, null);
    }

    RebuildProgress advancedTo(long position, String lastError) {
        return new RebuildProgress(name, status, Math.max(0, Math.min(position, total)), total, startedAt, null,
                lastError);
    }

    RebuildProgress done(Instant at) {
        return new RebuildProgress(name, RebuildStatus.DONE, total, total, startedAt, at, null);
    }

    RebuildProgress failed(String reason, Instant at) {
        return new RebuildProgress(name, RebuildStatus.FAILED, processed, total, startedAt, at, reason);
    }
}
