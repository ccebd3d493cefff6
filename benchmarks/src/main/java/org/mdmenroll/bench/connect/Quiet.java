package org.mdmenroll.bench.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.Progress;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits until the services have nothing left of the setup to do, so the timed part measures only
 * itself: no deadline of the command side due (the delivery saga's first push after enrollment),
 * and every query-side processor past the newest event.
 */
final class Quiet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Quiet() {
    }

    /** The event store's head: the newest event's global index. */
    static long head(BenchDatabase database) throws Exception {
        return database.queryLong("select coalesce(max(globalindex), 0) from eventstore.domainevententry");
    }

    /** Until no command-side deadline is due and the query side has processed every event up to the head. */
    static void await(BenchDatabase database, String what) throws Exception {
        AtomicLong due = new AtomicLong();
        try (Progress progress = Progress.start(what + ": waiting for the due command-side deadlines", "due", 0,
                () -> due.get() + " due")) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (due.updateAndGet(ignored -> dueDeadlines(database)) > 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(what + ": " + due.get() + " command-side deadlines still due after"
                            + " 10 minutes");
                }
                Thread.sleep(250);
            }
        }
        awaitQuerySide(database, head(database), what);
    }

    /** Until every query-side processor has processed the event at {@code head}. */
    static void awaitQuerySide(BenchDatabase database, long head, String what) throws Exception {
        AtomicLong behind = new AtomicLong();
        try (Progress progress = Progress.start(what + ": waiting for the query side", "events behind", 0,
                () -> behind.get() + " events behind")) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (behind.updateAndGet(ignored -> head - slowestProcessor(database)) > 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(what + ": the query side is still " + behind.get()
                            + " events behind after 10 minutes");
                }
                Thread.sleep(250);
            }
        }
    }

    private static long dueDeadlines(BenchDatabase database) {
        try {
            return database.queryLong("select count(*) from command_side.scheduled_tasks where execution_time <= now()");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The global index the slowest query-side processor (segment) has reached. */
    private static long slowestProcessor(BenchDatabase database) {
        long slowest = Long.MAX_VALUE;
        try (Connection connection = database.connect();
             PreparedStatement tokens = connection.prepareStatement("select token from query_side.tokenentry");
             ResultSet rs = tokens.executeQuery()) {
            while (rs.next()) {
                byte[] token = rs.getBytes(1);
                slowest = Math.min(slowest, token == null ? 0 : index(JSON.readTree(new String(token, StandardCharsets.UTF_8))));
            }
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return slowest == Long.MAX_VALUE ? 0 : slowest;
    }

    /** A GapAwareTrackingToken's index; a replay's current position. */
    private static long index(JsonNode token) {
        if (token.has("index")) {
            return token.path("index").asLong();
        }
        return token.has("currentToken") ? index(token.path("currentToken")) : 0;
    }
}
