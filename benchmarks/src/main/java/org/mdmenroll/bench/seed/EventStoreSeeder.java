package org.mdmenroll.bench.seed;

import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Services;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Fills the event store with device lives ({@link DeviceLives}) through JDBC batches, in exactly
 * the rows the services write. The query side is stopped meanwhile and its tracking tokens are then
 * moved to the new head, so its projections do not process the seeded events live: only a rebuild
 * replays them (scenario 2), and the history scenario needs no projection of them.
 */
public final class EventStoreSeeder {

    private static final int BATCH = 1000;
    private static final String INSERT = """
            insert into %s (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,
                            payloadrevision, payload, metadata) values (?, ?, ?, ?, ?, ?, '1', ?, ?)""";

    private final BenchDatabase database;
    private final Services services;
    private final DeviceLives lives;

    public EventStoreSeeder(BenchDatabase database, Services services, int livesPerTenant) {
        this.database = database;
        this.services = services;
        this.lives = new DeviceLives(8, livesPerTenant, Instant.now().minus(Duration.ofDays(400)));
    }

    /** Seeds until the store holds about {@code target} events (never fewer than before); answers its size. */
    public long topUpTo(long target) throws Exception {
        long current = database.eventCount();
        if (current + 10 > target) {
            return current;
        }
        withQuerySideStopped(() -> {
            try (Progress progress = Progress.start("seeding the event store up to " + target, "events",
                    target - current)) {
                insert("eventstore.domainevententry", target - current, progress);
            }
        });
        return database.eventCount();
    }

    /** What is written while the query side is stopped. */
    @FunctionalInterface
    public interface Seeding {
        void run() throws Exception;
    }

    /**
     * Runs {@code seeding} (writes to the event store) with the query side stopped, then moves its
     * tracking tokens past the seeded events and starts it again.
     */
    public void withQuerySideStopped(Seeding seeding) throws Exception {
        services.stopQuerySide();
        seeding.run();
        database.execute("analyze eventstore.domainevententry");
        skipSeededEventsInProjections();
        services.startQuerySide();
    }

    /**
     * Writes {@code count} generated rows into {@code table} (the event store, or a baseline table
     * of the same shape) in batches of 1000, one transaction per batch.
     */
    public void insert(String table, long count, Progress progress) throws SQLException {
        insert(table, progress, sink -> lives.generate(count, sink));
    }

    /** Writes the rows {@code generator} emits into {@code table} in batches of 1000, one transaction per batch. */
    public void insert(String table, Progress progress, Consumer<Consumer<StoredEvent>> generator)
            throws SQLException {
        try (Connection connection = database.connectForBatches();
             PreparedStatement insert = connection.prepareStatement(INSERT.formatted(table))) {
            connection.setAutoCommit(false);
            int[] pending = {0};
            Consumer<StoredEvent> sink = event -> {
                try {
                    insert.setString(1, event.eventId());
                    insert.setString(2, event.aggregateId());
                    insert.setLong(3, event.sequence());
                    insert.setString(4, event.aggregateType());
                    insert.setString(5, event.timestamp());
                    insert.setString(6, event.payloadType());
                    insert.setBytes(7, event.payload());
                    insert.setBytes(8, event.metadata());
                    insert.addBatch();
                    if (++pending[0] == BATCH) {
                        insert.executeBatch();
                        connection.commit();
                        progress.add(pending[0]);
                        pending[0] = 0;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            generator.accept(sink);
            insert.executeBatch();
            connection.commit();
            progress.add(pending[0]);
        }
    }

    /** The query side's processors continue after the newest event, as if they had processed the seeded ones. */
    private void skipSeededEventsInProjections() throws SQLException {
        long head = database.queryLong("select coalesce(max(globalindex), 0) from eventstore.domainevententry");
        try (Connection connection = database.connect();
             PreparedStatement update = connection.prepareStatement("""
                     update query_side.tokenentry
                     set token = convert_to(?, 'UTF8'), tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken',
                         owner = null""")) {
            update.setString(1, "{\"index\":" + head + ",\"gaps\":[]}");
            update.executeUpdate();
        }
    }
}
