package org.mdmenroll.query.projection;

import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The rebuild state of each projection in this instance: at most one rebuild per projection at a
 * time, several projections may rebuild at once.
 */
@Component
public class RebuildRegistry {

    private final Clock clock;
    private final ConcurrentMap<String, RebuildProgress> rebuilds = new ConcurrentHashMap<>();

    public RebuildRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Marks the projection REBUILDING; refuses with 409 {@code rebuild-in-progress} while it already is. */
    public RebuildProgress begin(String name, long total) {
        return rebuilds.compute(name, (key, current) -> {
            if (current != null && current.status() == RebuildStatus.REBUILDING) {
                throw new Refusal(Refusal.Kind.CONFLICT, "rebuild-in-progress",
                        "A rebuild of this projection is already running; poll its status until it is done.",
                        Map.of("name", name, "startedAt", current.startedAt().toString()));
            }
            return RebuildProgress.started(name, total, clock.instant());
        });
    }

    /** Records how far a running rebuild got (capped at its total). */
    public void progress(String name, long position, String lastError) {
        rebuilds.computeIfPresent(name, (key, current) -> current.status() == RebuildStatus.REBUILDING
                ? current.advancedTo(position, lastError) : current);
    }

    /** A running rebuild reached its total. */
    public RebuildProgress done(String name) {
        return rebuilds.computeIfPresent(name, (key, current) -> current.status() == RebuildStatus.REBUILDING
                ? current.done(clock.instant()) : current);
    }

    /** A running rebuild stopped without reaching its total. */
    public RebuildProgress failed(String name, String reason) {
        return rebuilds.computeIfPresent(name, (key, current) -> current.status() == RebuildStatus.REBUILDING
                ? current.failed(reason, clock.instant()) : current);
    }

    /** The projection's last rebuild in this instance, or IDLE. */
    public RebuildProgress status(String name) {
        RebuildProgress progress = rebuilds.get(name);
        return progress != null ? progress : RebuildProgress.idle(name);
    }

    /** The projections rebuilding right now, by name. */
    public List<String> rebuilding() {
        return rebuilds.values().stream()
                .filter(progress -> progress.status() == RebuildStatus.REBUILDING)
                .map(RebuildProgress::name)
                .sorted()
                .toList();
    }
}
