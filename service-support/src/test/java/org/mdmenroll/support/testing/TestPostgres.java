package org.mdmenroll.support.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: a fresh database on the machine's server (127.0.0.1:5432, or
 * {@code MDM_TEST_POSTGRES_URL}) when it answers, otherwise an embedded one from zonky's binaries.
 * One database per test JVM; tests keep apart by using their own tenants.
 */
public final class TestPostgres {

    private static final String SERVER_URL = System.getenv().getOrDefault(
            "MDM_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String SERVER_USER = System.getenv().getOrDefault("MDM_TEST_POSTGRES_USER", "postgres");

    private static Database database;

    /** The secrets key of every test context (32 zero-based bytes; never a real deployment's). */
    public static final String TEST_SECRETS_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public record Database(String url, String username, String password) {
    }

    private TestPostgres() {
    }

    public static synchronized Database database() {
        if (database == null) {
            database = localServer();
            if (database == null) {
                database = embedded();
            }
        }
        return database;
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database().url());
        registry.add("spring.datasource.username", () -> database().username());
        registry.add("spring.datasource.password", () -> database().password());
        registry.add("mdm.secrets.key", () -> TEST_SECRETS_KEY);
        // Many cached test contexts share one server (max_connections 100): keep each pool small.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }

    /**
     * A fresh database of its own on the same server, for a test whose persistent deadlines no other
     * test's Spring context may run: db-scheduler in every cached context polls the database it was
     * given, and picks up any due deadline it finds there.
     */
    public static Database separateDatabase() {
        Database shared = database();
        String name = "mdm_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(shared.url(), shared.username(), shared.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a separate test database", e);
        }
        if (shared.url().startsWith(SERVER_URL.substring(0, SERVER_URL.lastIndexOf('/') + 1))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(name)));
        }
        String url = shared.url().replaceFirst("/[^/?]+(\\?.*)?$", "/" + name + "$1");
        return new Database(url, shared.username(), shared.password());
    }

    /**
     * Points the context's connection pool at {@code separate}. Set as Hikari's own properties, which
     * are bound after {@code spring.datasource.*}: a base class that registers the shared database
     * for {@code spring.datasource.url} (its registration runs after the subclass's) cannot undo it.
     */
    public static void registerSeparate(DynamicPropertyRegistry registry, Database separate) {
        registry.add("spring.datasource.hikari.jdbc-url", separate::url);
        registry.add("spring.datasource.hikari.username", separate::username);
        registry.add("spring.datasource.hikari.password", separate::password);
        registry.add("mdm.secrets.key", () -> TEST_SECRETS_KEY);
    }

    private static Database localServer() {
        String name = "mdm_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(SERVER_URL + "?connectTimeout=2", SERVER_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException unreachable) {
            return null;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(name)));
        String url = SERVER_URL.substring(0, SERVER_URL.lastIndexOf('/') + 1) + name;
        return new Database(url, SERVER_USER, "");
    }

    private static void dropQuietly(String name) {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, SERVER_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static Database embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
            return new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (Exception e) {
            throw new IllegalStateException("Neither a local PostgreSQL nor an embedded one is available", e);
        }
    }
}
