package org.mdmenroll.command.android;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.events.tenant.AndroidProvisioningConfigured;
import org.mdmenroll.support.axon.MessageSerialization;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each tenant's Android Enterprise provisioning settings as QR codes need them, kept from the
 * tenant's events in the transaction that stores them (the Wi-Fi password stays sealed).
 */
@Component
@ProcessingGroup("android-provisioning")
public class AndroidProvisioningSettings {

    private static final ObjectMapper JSON = MessageSerialization.messageMapper();

    private final JdbcClient jdbc;

    public AndroidProvisioningSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's settings, or 409: without them no QR code can provision a device. */
    public AndroidProvisioning require(TenantId tenantId) {
        return jdbc.sql("select provisioning::text from android_provisioning where tenant_id = ?")
                .param(tenantId.value()).query(String.class).optional()
                .map(AndroidProvisioningSettings::read)
                .orElseThrow(() -> Refusal.conflict("android-provisioning-not-configured",
                        "Set the tenant's Android provisioning settings first (PUT /api/settings/android-provisioning)."));
    }

    private static AndroidProvisioning read(String json) {
        try {
            return JSON.readValue(json, AndroidProvisioning.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable Android provisioning settings", e);
        }
    }

    @EventHandler
    void on(AndroidProvisioningConfigured event) throws JsonProcessingException {
        jdbc.sql("""
                        insert into android_provisioning (tenant_id, provisioning) values (?, cast(? as jsonb))
                        on conflict (tenant_id) do update set provisioning = excluded.provisioning""")
                .params(event.tenantId().value(), JSON.writeValueAsString(event.provisioning())).update();
    }
}
