package org.mdmenroll.command.nudge;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.FcmAppPushConfigured;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Each tenant's enrollment-app push settings as the push adapters need them, kept from the
 * tenant's events in the transaction that stores them. Secrets stay sealed until a client is built.
 */
@Component
@ProcessingGroup("app-push-configurations")
public class AppPushConfigurations {

    private final JdbcClient jdbc;

    public AppPushConfigurations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** APNs token-based auth for the app's topic. */
    public record ApnsSettings(String keyId, String teamId, String topic,
                               ApnsAppPushConfigured.Environment environment, String sealedSigningKey) {
        @Override
        public String toString() {
            return "ApnsSettings[keyId=" + keyId + ", topic=" + topic + ", environment=" + environment + "]";
        }
    }

    /** The Firebase project and its service account. */
    public record FcmSettings(String projectId, String clientEmail, String sealedServiceAccount) {
        @Override
        public String toString() {
            return "FcmSettings[projectId=" + projectId + ", clientEmail=" + clientEmail + "]";
        }
    }

    public Optional<ApnsSettings> apns(TenantId tenantId) {
        return jdbc.sql("""
                        select apns_key_id, apns_team_id, apns_topic, apns_environment, apns_sealed_signing_key
                        from app_push_configuration where tenant_id = ? and apns_sealed_signing_key is not null""")
                .param(tenantId.value())
                .query((rs, row) -> new ApnsSettings(rs.getString("apns_key_id"), rs.getString("apns_team_id"),
                        rs.getString("apns_topic"), ApnsAppPushConfigured.Environment.valueOf(rs.getString("apns_environment")),
                        rs.getString("apns_sealed_signing_key")))
                .optional();
    }

    public Optional<FcmSettings> fcm(TenantId tenantId) {
        return jdbc.sql("""
                        select fcm_project_id, fcm_client_email, fcm_sealed_service_account
                        from app_push_configuration where tenant_id = ? and fcm_sealed_service_account is not null""")
                .param(tenantId.value())
                .query((rs, row) -> new FcmSettings(rs.getString("fcm_project_id"), rs.getString("fcm_client_email"),
                        rs.getString("fcm_sealed_service_account")))
                .optional();
    }

    @EventHandler
    void on(ApnsAppPushConfigured event) {
        jdbc.sql("""
                        insert into app_push_configuration (tenant_id, apns_key_id, apns_team_id, apns_topic,
                                                            apns_environment, apns_sealed_signing_key)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id) do update set apns_key_id = excluded.apns_key_id,
                            apns_team_id = excluded.apns_team_id, apns_topic = excluded.apns_topic,
                            apns_environment = excluded.apns_environment,
                            apns_sealed_signing_key = excluded.apns_sealed_signing_key""")
                .params(event.tenantId().value(), event.keyId(), event.teamId(), event.topic(),
                        event.environment().name(), event.sealedSigningKey())
                .update();
    }

    @EventHandler
    void on(FcmAppPushConfigured event) {
        jdbc.sql("""
                        insert into app_push_configuration (tenant_id, fcm_project_id, fcm_client_email,
                                                            fcm_sealed_service_account)
                        values (?, ?, ?, ?)
                        on conflict (tenant_id) do update set fcm_project_id = excluded.fcm_project_id,
                            fcm_client_email = excluded.fcm_client_email,
                            fcm_sealed_service_account = excluded.fcm_sealed_service_account""")
                .params(event.tenantId().value(), event.projectId(), event.clientEmail(),
                        event.sealedServiceAccount())
                .update();
    }
}
