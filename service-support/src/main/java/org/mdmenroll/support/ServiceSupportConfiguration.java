package org.mdmenroll.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.mdmenroll.support.database.SchemaMigrations;
import org.mdmenroll.support.problem.ProblemWriter;
import org.mdmenroll.support.security.ApiSecurity;
import org.mdmenroll.support.security.AccountAuthentication;
import org.mdmenroll.support.security.AccountTable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.mdmenroll.support.audit.AuditCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** The beans both services share. */
@Configuration(proxyBeanMethods = false)
public class ServiceSupportConfiguration {

    /**
     * Axon's update checker phones home at every start (the machines here have no internet, so it
     * logs a stack trace each time). It reads only a JVM system property or the environment
     * variable AXONIQ_UPDATE_CHECKER_DISABLED, not Spring properties; a -D given on the command
     * line wins.
     */
    public static void disableAxonUpdateChecker() {
        System.getProperties().putIfAbsent("axoniq.update-checker.disabled", "true");
    }

    /** Audit metadata (actor, request id) flows from each message to the messages it causes. */
    @Bean
    public CorrelationDataProvider auditCorrelationDataProvider() {
        return new AuditCorrelationDataProvider();
    }

    /** Axon's own correlation and trace ids, kept beside ours (declaring a provider replaces its default). */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** The one clock: tests replace it to move time. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** bcrypt, behind Spring's delegating encoder so the algorithm can change later. */
    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public AccountTable accountTable(JdbcClient jdbc) {
        return new AccountTable(jdbc);
    }

    /** HTTP Basic for accounts; a successful bcrypt check counts for {@code mdm.security.remember-credentials}. */
    @Bean
    public AccountAuthentication accountAuthentication(AccountTable accounts, PasswordEncoder passwordEncoder,
            Clock clock, @Value("${mdm.security.remember-credentials:PT5M}") Duration rememberCredentials) {
        return new AccountAuthentication(accounts, passwordEncoder, clock, rememberCredentials);
    }

    @Bean
    public ProblemWriter problemWriter(ObjectMapper objectMapper) {
        return new ProblemWriter(objectMapper);
    }

    @Bean
    public ApiSecurity apiSecurity(ProblemWriter problemWriter) {
        return new ApiSecurity(problemWriter);
    }

    @Bean
    public FlywayMigrationStrategy flywayMigrationStrategy(DataSource dataSource) {
        return SchemaMigrations.eventStoreFirst(dataSource);
    }

    @Bean
    public OpenAPI openApi(@Value("${spring.application.name}") String name) {
        return new OpenAPI()
                .info(new Info().title("MDM Enroll " + name).version("v1")
                        .description("Errors are RFC 9457 application/problem+json documents."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
