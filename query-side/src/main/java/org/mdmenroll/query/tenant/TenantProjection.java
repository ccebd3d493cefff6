package org.mdmenroll.query.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentDisabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.EnrollmentSettingsChanged;
import org.mdmenroll.events.tenant.EnrollmentUrlGenerated;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.support.axon.MessageSerialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/** Tenants with their settings and current enrollment URL version. */
@Component
@ProcessingGroup("tenants")
public class TenantProjection {

    private static final ObjectMapper JSON = MessageSerialization.messageMapper();

    private final JdbcClient jdbc;

    public TenantProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every tenant when {@code tenantId} is null (operators), otherwise just that one. */
    public record FindTenants(TenantId tenantId) {
    }

    public record TenantList(List<TenantView> items) {
    }

    @QueryHandler
    public TenantList handle(FindTenants query) {
        var statement = query.tenantId() == null
                ? jdbc.sql("select * from tenant order by slug")
                : jdbc.sql("select * from tenant where tenant_id = ?").param(query.tenantId().value());
        return new TenantList(statement.query(TenantProjection::view).list());
    }

    private static TenantView view(ResultSet rs, int row) throws SQLException {
        try {
            return new TenantView(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("slug"),
                    rs.getString("name"), rs.getString("host_domain"),
                    JSON.readValue(rs.getString("settings"), EnrollmentSettings.class),
                    rs.getInt("enrollment_url_version"), rs.getString("enrollment_url"),
                    rs.getBoolean("account_driven_enabled"), rs.getString("account_driven_mode"), instant(rs, "created_at"),
                    instant(rs, "updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable settings of tenant " + rs.getString("slug"), e);
        }
    }

    @EventHandler
    void on(TenantCreated event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.sql("""
                        insert into tenant (tenant_id, slug, name, host_domain, settings, created_at, updated_at)
                        values (?, ?, ?, ?, cast(? as jsonb), ?, ?) on conflict (tenant_id) do nothing""")
                .params(event.tenantId().value(), event.slug(), event.name(), event.hostDomain(),
                        JSON.writeValueAsString(event.settings()), utc(at), utc(at))
                .update();
    }

    @EventHandler
    void on(EnrollmentSettingsChanged event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.sql("update tenant set settings = cast(? as jsonb), updated_at = ? where tenant_id = ?")
                .params(JSON.writeValueAsString(event.settings()), utc(at), event.tenantId().value()).update();
    }

    @EventHandler
    void on(EnrollmentUrlGenerated event, @Timestamp Instant at) {
        jdbc.sql("update tenant set enrollment_url_version = ?, enrollment_url = ?, updated_at = ? where tenant_id = ?")
                .params(event.version(), event.url(), utc(at), event.tenantId().value()).update();
    }

    @EventHandler
    void on(AccountDrivenEnrollmentEnabled event, @Timestamp Instant at) {
        setAccountDriven(event.tenantId(), true, at);
        // Revision 1 named no mode: those tenants offer user enrollment.
        jdbc.sql("update tenant set account_driven_mode = ? where tenant_id = ?")
                .params(event.mode() == null ? "USER" : event.mode().name(), event.tenantId().value()).update();
    }

    @EventHandler
    void on(AccountDrivenEnrollmentDisabled event, @Timestamp Instant at) {
        setAccountDriven(event.tenantId(), false, at);
    }

    private void setAccountDriven(TenantId tenantId, boolean enabled, Instant at) {
        jdbc.sql("update tenant set account_driven_enabled = ?, updated_at = ? where tenant_id = ?")
                .params(enabled, utc(at), tenantId.value()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from tenant").update();
    }
}
