package org.mdmenroll.bench.enrollment;

import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.Latencies;
import org.mdmenroll.bench.Parallel;
import org.mdmenroll.bench.Progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The raw ceiling for commands: single-row INSERT commits through JDBC (autocommit, one connection
 * per thread) of rows as wide as a stored event, at the scenario's concurrency.
 */
public final class CommitBaseline {

    private CommitBaseline() {
    }

    /** Commits/s and each commit's latency. */
    public record Figures(double commitsPerSecond, Latencies latencies, long commits) {
    }

    public static Figures run(BenchDatabase database, long commits, int concurrency) throws Exception {
        database.execute("create schema if not exists bench");
        database.execute("""
                create table if not exists bench.commit_baseline (
                    id bigserial primary key, aggregate_id varchar(255) not null, sequence bigint not null,
                    payload bytea not null, metadata bytea, unique (aggregate_id, sequence))""");
        database.execute("truncate bench.commit_baseline");
        byte[] payload = new byte[300];
        byte[] metadata = new byte[200];
        ThreadLocalRandom.current().nextBytes(payload);
        ThreadLocalRandom.current().nextBytes(metadata);
        Latencies latencies = new Latencies();
        int total = (int) commits;
        Connection[] connections = new Connection[concurrency];
        for (int i = 0; i < concurrency; i++) {
            connections[i] = database.connect();
        }
        ThreadLocal<Connection> mine = new ThreadLocal<>();
        java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
        double seconds;
        try (Progress progress = Progress.start("enrollment baseline: single-row INSERT commits", "commits", total)) {
            long started = System.nanoTime();
            Exception failure = Parallel.run(total, concurrency, progress, i -> {
                Connection connection = mine.get();
                if (connection == null) {
                    connection = connections[handedOut.getAndIncrement()];
                    mine.set(connection);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into bench.commit_baseline (aggregate_id, sequence, payload, metadata) values (?, 0, ?, ?)")) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, payload);
                    insert.setBytes(3, metadata);
                    long start = System.nanoTime();
                    insert.executeUpdate();
                    latencies.record(System.nanoTime() - start);
                }
            });
            seconds = (System.nanoTime() - started) / 1e9;
            if (failure != null) {
                throw failure;
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop table bench.commit_baseline");
        }
        return new Figures(total / seconds, latencies, total);
    }
}
