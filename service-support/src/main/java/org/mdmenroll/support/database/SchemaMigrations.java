package org.mdmenroll.support.database;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;

import javax.sql.DataSource;

/**
 * Migrates the shared event store schema ({@value #EVENT_STORE_SCHEMA}) and then the service's own
 * schema. Both services run the first part; Flyway's lock makes that safe when they start together.
 */
public final class SchemaMigrations {

    public static final String EVENT_STORE_SCHEMA = "eventstore";

    private SchemaMigrations() {
    }

    public static FlywayMigrationStrategy eventStoreFirst(DataSource dataSource) {
        return serviceFlyway -> {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(EVENT_STORE_SCHEMA)
                    .locations("classpath:db/eventstore")
                    .load()
                    .migrate();
            serviceFlyway.migrate();
        };
    }
}
