package org.mdmenroll.command.tenant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.tenant.TenantCommands.MinimumOs;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.MinimumOsVersionsSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Each tenant's minimum iOS and macOS versions for ADE devices, as the ADE endpoint reads them. */
@Component
@ProcessingGroup("tenant-minimum-os")
public class MinimumOsVersions {

    private final JdbcClient jdbc;

    public MinimumOsVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's minimums; both null when it set none. */
    public MinimumOs of(TenantId tenantId) {
        return jdbc.sql("select ios, macos from tenant_minimum_os where tenant_id = ?").param(tenantId.value())
                .query((rs, row) -> new MinimumOs(rs.getString("ios"), rs.getString("macos")))
                .optional().orElse(new MinimumOs(null, null));
    }

    @EventHandler
    void on(MinimumOsVersionsSet event) {
        jdbc.sql("""
                        insert into tenant_minimum_os (tenant_id, ios, macos) values (?, ?, ?)
                        on conflict (tenant_id) do update set ios = excluded.ios, macos = excluded.macos""")
                .params(event.tenantId().value(), event.ios(), event.macos()).update();
    }
}
