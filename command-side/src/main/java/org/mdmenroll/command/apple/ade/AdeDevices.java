package org.mdmenroll.command.apple.ade;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The serial numbers Apple's device assignment service lists for each of a tenant's ADE tokens, as
 * the ADE endpoint must find them: a sync's devices are added or marked removed ({@code op_type}
 * deleted); a full fetch lists every device of the token, so its serials not listed are removed.
 * A deletion reported by a token the device no longer belongs to changes nothing.
 */
@Component
@ProcessingGroup("ade-devices")
public class AdeDevices {

    /** Where a serial number came from, and whether Apple removed it from the tenant's MDM server. */
    public record Registration(CredentialId tokenId, boolean removed) {
    }

    private final JdbcClient jdbc;

    public AdeDevices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Registration> find(TenantId tenantId, String serialNumber) {
        return jdbc.sql("select token_id, removed from ade_device where tenant_id = ? and serial_number = ?")
                .params(tenantId.value(), normal(serialNumber))
                .query((rs, row) -> new Registration(new CredentialId(rs.getObject("token_id", UUID.class)),
                        rs.getBoolean("removed")))
                .optional();
    }

    @EventHandler
    void on(AdeDevicesSynced event) {
        UUID tenant = event.tenantId().value();
        UUID token = event.credentialId().value();
        List<AdeDevice> devices = event.devices() == null ? List.of() : event.devices();
        if (event.fullFetch()) {
            jdbc.sql("update ade_device set removed = true where token_id = ? and tenant_id = ?")
                    .params(token, tenant).update();
        }
        for (AdeDevice device : devices) {
            if (device.serialNumber() == null || device.serialNumber().isBlank()) {
                continue;
            }
            String serial = normal(device.serialNumber());
            if ("deleted".equalsIgnoreCase(device.opType())) {
                jdbc.sql("update ade_device set removed = true where tenant_id = ? and serial_number = ? and token_id = ?")
                        .params(tenant, serial, token).update();
            } else {
                jdbc.sql("""
                                insert into ade_device (tenant_id, serial_number, token_id, removed) values (?, ?, ?, false)
                                on conflict (tenant_id, serial_number) do update set token_id = excluded.token_id, removed = false""")
                        .params(tenant, serial, token).update();
            }
        }
    }

    private static String normal(String serialNumber) {
        return serialNumber.strip().toUpperCase(Locale.ROOT);
    }
}
