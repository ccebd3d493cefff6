package org.mdmenroll.support.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.mdmenroll.support.database.SchemaMigrations;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Axon on PostgreSQL through JDBC: the event store in the shared {@code eventstore} schema with
 * bytea payloads, and this service's token store in its own schema. Declared here so Axon never
 * falls back to its JPA store (large objects, sequence blocks of 50).
 */
@Configuration(proxyBeanMethods = false)
public class AxonJdbcStorage {

    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        // Joins the Spring transaction, so lookup tables commit or roll back with the events.
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        // PostgreSQL reports a duplicate (aggregate id, sequence number) as SQL state 23505.
        return exception -> exception instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState());
    }

    /** Without Axon Server (the default), events are stored in PostgreSQL. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    public EventStorageEngine eventStorageEngine(Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            java.util.List<EventUpcaster> upcasters) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(new org.axonframework.serialization.upcasting.event.EventUpcasterChain(upcasters))
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EventSchema.builder()
                        .eventTable(SchemaMigrations.EVENT_STORE_SCHEMA + ".domainevententry")
                        .snapshotTable(SchemaMigrations.EVENT_STORE_SCHEMA + ".snapshotevententry")
                        .build())
                .dataType(byte[].class)
                .build();
    }

    /** Tracking tokens live in the service's own schema, even with Axon Server. */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .contentType(byte[].class)
                .build();
    }
}
