package org.mdmenroll.query.projection;

import org.junit.jupiter.api.Test;
import org.mdmenroll.support.problem.Refusal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rebuild state machine: IDLE, REBUILDING, DONE or FAILED, one rebuild per projection at a time. */
class RebuildRegistryTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    private final RebuildRegistry registry = new RebuildRegistry(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aProjectionNeverRebuiltIsIdle() {
        RebuildProgress idle = registry.status("users");
        assertThat(idle.name()).isEqualTo("users");
        assertThat(idle.status()).isEqualTo(RebuildStatus.IDLE);
        assertThat(idle.processed()).isNull();
        assertThat(idle.total()).isNull();
        assertThat(registry.rebuilding()).isEmpty();
    }

    @Test
    void aStartedRebuildCountsUpToItsTotalAndIsDone() {
        RebuildProgress started = registry.begin("users", 120);
        assertThat(started.status()).isEqualTo(RebuildStatus.REBUILDING);
        assertThat(started.processed()).isZero();
        assertThat(started.total()).isEqualTo(120);
        assertThat(started.startedAt()).isEqualTo(NOW);
        assertThat(started.finishedAt()).isNull();
        assertThat(registry.rebuilding()).containsExactly("users");

        registry.progress("users", 45, null);
        assertThat(registry.status("users").processed()).isEqualTo(45);
        registry.progress("users", 500, "Segment 2: boom");
        assertThat(registry.status("users").processed()).as("capped at total").isEqualTo(120);
        assertThat(registry.status("users").error()).isEqualTo("Segment 2: boom");

        RebuildProgress done = registry.done("users");
        assertThat(done.status()).isEqualTo(RebuildStatus.DONE);
        assertThat(done.processed()).isEqualTo(done.total()).isEqualTo(120);
        assertThat(done.finishedAt()).isEqualTo(NOW);
        assertThat(done.error()).isNull();
        assertThat(registry.rebuilding()).isEmpty();

        registry.progress("users", 3, null);
        assertThat(registry.status("users")).as("a finished rebuild no longer changes").isEqualTo(done);
    }

    @Test
    void aSecondRebuildOfTheSameProjectionIsRefusedWhileTheFirstRuns() {
        registry.begin("devices", 10);
        assertThatThrownBy(() -> registry.begin("devices", 11))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(refusal.type()).isEqualTo("rebuild-in-progress");
                    assertThat(refusal.properties()).containsEntry("name", "devices");
                });
        assertThat(registry.status("devices").total()).as("the first rebuild is untouched").isEqualTo(10);

        registry.begin("users", 10);
        assertThat(registry.rebuilding()).as("other projections may rebuild meanwhile")
                .containsExactly("devices", "users");

        registry.done("devices");
        assertThat(registry.begin("devices", 12).status()).as("again once done").isEqualTo(RebuildStatus.REBUILDING);
    }

    @Test
    void aFailedRebuildSaysWhyAndMayBeStartedAgain() {
        registry.begin("tenants", 7);
        registry.progress("tenants", 3, null);
        RebuildProgress failed = registry.failed("tenants", "Another instance holds segments of this projection");
        assertThat(failed.status()).isEqualTo(RebuildStatus.FAILED);
        assertThat(failed.processed()).isEqualTo(3);
        assertThat(failed.error()).contains("Another instance");
        assertThat(failed.finishedAt()).isEqualTo(NOW);
        assertThat(registry.rebuilding()).isEmpty();
        assertThat(registry.done("tenants").status()).as("a failed rebuild stays failed").isEqualTo(RebuildStatus.FAILED);

        assertThat(registry.begin("tenants", 8).status()).isEqualTo(RebuildStatus.REBUILDING);
    }
}
