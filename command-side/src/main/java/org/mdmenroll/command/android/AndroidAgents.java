package org.mdmenroll.command.android;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.user.EnrollmentSessions;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The Android agent of each entry and the SHA-256 of its secret, which authenticates the agent's
 * calls. A re-enrollment of the entry forgets the earlier agent's secret. Updated in the
 * transaction that stores the events.
 */
@Component
@ProcessingGroup("android-agents")
public class AndroidAgents {

    private final JdbcClient jdbc;

    public AndroidAgents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The agent of this entry of the tenant, authenticated by {@code Authorization: Bearer <agentSecret>},
     * or 401. The request then acts as the device.
     */
    public void authenticate(TenantId tenantId, DeviceId deviceId, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalidSecret();
        }
        String presented = EnrollmentSessions.hash(authorization.substring(7).strip());
        String known = jdbc.sql("select secret_hash from android_agent where device_id = ? and tenant_id = ?")
                .params(deviceId.value(), tenantId.value()).query(String.class).optional()
                .orElseThrow(AndroidAgents::invalidSecret);
        if (!MessageDigest.isEqual(known.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII))) {
            throw invalidSecret();
        }
        RequestActor.actingAs(ActorType.DEVICE, deviceId.toString());
    }

    private static Refusal invalidSecret() {
        return Refusal.unauthorized("invalid-agent-secret",
                "The agent secret from POST /t/{tenant}/android/enroll is required for this device.");
    }

    @EventHandler
    void on(AndroidAgentRegistered event) {
        jdbc.sql("""
                        insert into android_agent (device_id, tenant_id, secret_hash, management_mode) values (?, ?, ?, ?)
                        on conflict (device_id) do update
                        set secret_hash = excluded.secret_hash, management_mode = excluded.management_mode""")
                .params(event.deviceId().value(), event.tenantId().value(), event.agentSecretHash(),
                        event.managementMode().name())
                .update();
    }

    @EventHandler
    void on(DeviceReEnrolled event) {
        jdbc.sql("delete from android_agent where device_id = ?").param(event.deviceId().value()).update();
    }
}
