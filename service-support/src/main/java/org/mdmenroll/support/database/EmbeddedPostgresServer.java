package org.mdmenroll.support.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run command's database when none is configured: a real PostgreSQL (zonky's binaries) whose
 * data lives under {@code ./data/postgres} and survives restarts. Not part of the service jars.
 *
 * <p>Usage: {@code EmbeddedPostgresServer [dataDirectory] [port]}.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args.length > 0 ? args[0] : "data/postgres").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 54329;
        Files.createDirectories(dataDirectory.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }));
        System.out.println("Embedded PostgreSQL ready: " + postgres.getJdbcUrl("postgres", "postgres")
                + " (data in " + dataDirectory + ")");
        Thread.currentThread().join();
    }
}
