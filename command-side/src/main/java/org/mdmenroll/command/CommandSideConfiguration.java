package org.mdmenroll.command;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.mdmenroll.command.apple.profile.IdentityCertificateRenewalSaga;
import org.mdmenroll.command.channel.MdmCommandDeliverySaga;
import org.mdmenroll.command.credential.AdeSyncSchedule;
import org.mdmenroll.support.audit.ActorDispatchInterceptor;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.security.ApiSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.util.List;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /**
     * The command side's event handlers maintain lookup tables (set-based validation). They run
     * subscribing, in the transaction that stores the events, and a failure rolls both back.
     */
    @Autowired
    public void lookupTablesCommitWithEvents(EventProcessingConfigurer processing) {
        processing.usingSubscribingEventProcessors();
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * The command channel's sagas push devices and send them commands from their deadlines, holding
     * the saga while they wait for the device aggregate. Subscribing, they would be entered by a
     * device's connect that holds that aggregate: two locks taken in opposite orders. They follow the
     * events on streaming processors of their own instead, from the start of the store, so a new
     * installation's renewal saga also learns the certificates issued before it existed.
     */
    @Autowired
    public void channelSagasFollowTheEvents(EventProcessingConfigurer processing) {
        processing.registerPooledStreamingEventProcessor(MdmCommandDeliverySaga.PROCESSOR);
        processing.registerPooledStreamingEventProcessor(IdentityCertificateRenewalSaga.PROCESSOR);
    }

    /**
     * The ADE sync schedule learns the tokens from the start of the store, so tokens uploaded before
     * it existed are scheduled too; it only schedules, so it needs no transaction with the events.
     */
    @Autowired
    public void adeSyncScheduleFollowsTheEvents(EventProcessingConfigurer processing) {
        processing.registerPooledStreamingEventProcessor(AdeSyncSchedule.PROCESSOR);
    }

    /** Every command carries its actor and request id (the audit trail's who and why). */
    @Autowired
    public void commandsCarryTheirActor(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(new ActorDispatchInterceptor());
    }

    /**
     * Deadlines run in a unit of work of their own that Axon gives no correlation providers; without
     * this their events would carry no actor (the audit trail shows them as the system's).
     */
    @Autowired
    public void deadlinesCarryAuditMetadata(DeadlineManager deadlines, List<CorrelationDataProvider> providers) {
        deadlines.registerHandlerInterceptor(new CorrelationDataInterceptor<>(providers));
    }

    /** Sagas (enrollment nudges, credential expiry) are stored in PostgreSQL, serialised with Jackson. */
    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema())
                .serializer(serializer)
                .build();
    }

    /** Seals the secrets the command side must read back (push tokens; later the tenants' private keys). */
    @Bean
    public SecretBox secretBox(@Value("${mdm.secrets.key:}") String key) {
        return SecretBox.fromBase64Key(key);
    }

    @Bean
    public SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.apply(http, paths -> paths
                        // Device-facing endpoints authenticate with enrollment sessions, not accounts.
                        .requestMatchers("/t/**", "/.well-known/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/tenants", "/api/tenants/*/accounts").hasRole("OPERATOR")
                        .requestMatchers("/api/**").hasRole("ADMIN"))
                .build();
    }
}
