package org.mdmenroll.command.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentDisabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.EnrollmentSettingsChanged;
import org.mdmenroll.events.tenant.EnrollmentUrlGenerated;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.support.axon.MessageSerialization;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The command side's table of tenants: unique slugs and host domains, and the settings that
 * commands for users and devices need. Updated in the transaction that stores the tenant's events.
 */
@Component
@ProcessingGroup("tenant-directory")
public class TenantDirectory {

    private static final ObjectMapper JSON = MessageSerialization.messageMapper();

    private final JdbcClient jdbc;

    public TenantDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record TenantEntry(TenantId tenantId, String slug, String name, String hostDomain,
                              EnrollmentSettings settings, String enrollmentUrl,
                              boolean accountDrivenEnrollmentEnabled, AccountDrivenEnrollmentMode accountDrivenMode) {
    }

    /** The tenant of a device-facing path; an unknown slug is a 404. */
    public TenantEntry requireBySlug(String slug) {
        return find("slug = ?", slug).orElseThrow(() -> Refusal.notFound("unknown-tenant", "No tenant '" + slug + "'."));
    }

    public Optional<TenantEntry> findBySlug(String slug) {
        return find("slug = ?", slug);
    }

    /** The tenant whose host domain this is (Managed Apple IDs of account-driven enrollment live there). */
    public Optional<TenantEntry> findByHostDomain(String hostDomain) {
        return find("host_domain = ?", hostDomain.strip().toLowerCase(Locale.ROOT));
    }

    public TenantEntry require(TenantId tenantId) {
        return find("tenant_id = ?", tenantId.value())
                .orElseThrow(() -> Refusal.notFound("unknown-tenant", "No such tenant."));
    }

    public boolean hostDomainTaken(String hostDomain) {
        return jdbc.sql("select count(*) from tenant_directory where host_domain = ?").param(hostDomain)
                .query(Integer.class).single() > 0;
    }

    private Optional<TenantEntry> find(String condition, Object value) {
        return jdbc.sql("select * from tenant_directory where " + condition).param(value)
                .query(TenantDirectory::entry).optional();
    }

    private static TenantEntry entry(ResultSet rs, int row) throws SQLException {
        try {
            return new TenantEntry(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("slug"),
                    rs.getString("name"), rs.getString("host_domain"),
                    JSON.readValue(rs.getString("settings"), EnrollmentSettings.class), rs.getString("enrollment_url"),
                    rs.getBoolean("account_driven_enabled"),
                    AccountDrivenEnrollmentMode.valueOf(rs.getString("account_driven_mode")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable settings of tenant " + rs.getString("slug"), e);
        }
    }

    @EventHandler
    void on(TenantCreated event) throws JsonProcessingException {
        jdbc.sql("""
                        insert into tenant_directory (tenant_id, slug, host_domain, name, settings)
                        values (?, ?, ?, ?, cast(? as jsonb))""")
                .params(event.tenantId().value(), event.slug(), event.hostDomain(), event.name(),
                        JSON.writeValueAsString(event.settings()))
                .update();
    }

    @EventHandler
    void on(EnrollmentSettingsChanged event) throws JsonProcessingException {
        jdbc.sql("update tenant_directory set settings = cast(? as jsonb) where tenant_id = ?")
                .params(JSON.writeValueAsString(event.settings()), event.tenantId().value())
                .update();
    }

    @EventHandler
    void on(EnrollmentUrlGenerated event) {
        jdbc.sql("update tenant_directory set enrollment_url = ? where tenant_id = ?")
                .params(event.url(), event.tenantId().value()).update();
    }

    @EventHandler
    void on(AccountDrivenEnrollmentEnabled event) {
        setAccountDriven(event.tenantId(), true);
        AccountDrivenEnrollmentMode mode = event.mode() == null ? AccountDrivenEnrollmentMode.USER : event.mode();
        jdbc.sql("update tenant_directory set account_driven_mode = ? where tenant_id = ?")
                .params(mode.name(), event.tenantId().value()).update();
    }

    @EventHandler
    void on(AccountDrivenEnrollmentDisabled event) {
        setAccountDriven(event.tenantId(), false);
    }

    private void setAccountDriven(TenantId tenantId, boolean enabled) {
        jdbc.sql("update tenant_directory set account_driven_enabled = ? where tenant_id = ?")
                .params(enabled, tenantId.value()).update();
    }
}
