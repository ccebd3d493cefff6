package org.mdmenroll.bench;

import org.mdmenroll.support.testing.TestPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The run's database: a fresh one on the local PostgreSQL (127.0.0.1:5432 or
 * {@code MDM_TEST_POSTGRES_URL}) when it answers, otherwise an embedded PostgreSQL; dropped when the
 * run ends. The services and every baseline use this same database.
 */
public final class BenchDatabase {

    private final TestPostgres.Database database;

    private BenchDatabase(TestPostgres.Database database) {
        this.database = database;
    }

    public static BenchDatabase fresh() {
        awaitLocalConnectionSlot();
        return new BenchDatabase(TestPostgres.database());
    }

    /** Whether this run is on an embedded PostgreSQL (the local one did not answer). */
    public boolean embedded() {
        return !database.url().contains("/mdm_test_");
    }

    /**
     * A local server that answers "too many clients" is there, only busy: wait for a slot (up to a
     * minute) instead of falling back to an embedded server and measuring another database.
     */
    private static void awaitLocalConnectionSlot() {
        String server = System.getenv().getOrDefault("MDM_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getenv().getOrDefault("MDM_TEST_POSTGRES_USER", "postgres");
        for (int attempt = 1; attempt <= 60; attempt++) {
            try (Connection ignored = DriverManager.getConnection(server + "?connectTimeout=2", user, "")) {
                return;
            } catch (SQLException e) {
                if (!"53300".equals(e.getSQLState())) {
                    return;
                }
                Progress.say("the local PostgreSQL has no connection to spare; waiting");
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public String url() {
        return database.url();
    }

    public String username() {
        return database.username();
    }

    public String password() {
        return database.password();
    }

    public Connection connect() throws SQLException {
        return connect(database.url());
    }

    /** A connection whose batches of inserts the driver sends as multi-row inserts. */
    public Connection connectForBatches() throws SQLException {
        return connect(database.url() + (database.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
    }

    /**
     * The machine's PostgreSQL is shared (max_connections 100 here): when it has no connection to
     * spare, try again for a minute rather than lose the run.
     */
    private Connection connect(String url) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, database.username(), database.password());
            } catch (SQLException e) {
                if (!"53300".equals(e.getSQLState()) || attempt >= 60) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public long queryLong(String sql, Object... params) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The number of events in the event store. */
    public long eventCount() throws SQLException {
        return queryLong("select count(*) from eventstore.domainevententry");
    }
}
