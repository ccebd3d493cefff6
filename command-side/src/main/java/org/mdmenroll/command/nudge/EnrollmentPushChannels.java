package org.mdmenroll.command.nudge;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The {@link NudgeLookup} of the running service: tenant settings from the {@link TenantDirectory},
 * and each entry's push channel (token sealed) kept from its events in the transaction that stores
 * them. A token the provider called invalid is not handed out again.
 */
@Component
@ProcessingGroup("enrollment-push-channels")
public class EnrollmentPushChannels implements NudgeLookup {

    private final JdbcClient jdbc;
    private final TenantDirectory tenants;

    public EnrollmentPushChannels(JdbcClient jdbc, TenantDirectory tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    @Override
    public Schedule scheduleOf(TenantId tenantId) {
        EnrollmentSettings settings = tenants.require(tenantId).settings();
        return new Schedule(settings.nudgeInterval(), settings.nudgeMaxCount());
    }

    @Override
    public Optional<PushChannel> channelOf(DeviceId deviceId) {
        return jdbc.sql("select channel_type, sealed_token from enrollment_push_channel where device_id = ? and not invalid")
                .param(deviceId.value())
                .query((rs, row) -> new PushChannel(PushChannel.Type.valueOf(rs.getString("channel_type")),
                        rs.getString("sealed_token")))
                .optional();
    }

    @EventHandler
    void on(EnrollmentStarted event) {
        if (event.pushChannel() != null) {
            known(event.deviceId(), event.tenantId(), event.pushChannel());
        }
    }

    /** A re-enrollment with a token brings the app's current one; without, the known one stays. */
    @EventHandler
    void on(DeviceReEnrolled event) {
        if (event.pushChannel() != null) {
            known(event.deviceId(), event.tenantId(), event.pushChannel());
        }
    }

    @EventHandler
    void on(EnrollmentNudgesStopped event) {
        if (event.reason() == EnrollmentNudgesStopped.Reason.INVALID_TOKEN) {
            jdbc.sql("update enrollment_push_channel set invalid = true where device_id = ?")
                    .param(event.deviceId().value()).update();
        }
    }

    @EventHandler
    void on(DeviceDeleted event) {
        jdbc.sql("delete from enrollment_push_channel where device_id = ?").param(event.deviceId().value()).update();
    }

    private void known(DeviceId deviceId, TenantId tenantId, PushChannel channel) {
        jdbc.sql("""
                        insert into enrollment_push_channel (device_id, tenant_id, channel_type, sealed_token)
                        values (?, ?, ?, ?)
                        on conflict (device_id) do update set channel_type = excluded.channel_type,
                            sealed_token = excluded.sealed_token, invalid = false""")
                .params(deviceId.value(), tenantId.value(), channel.type().name(), channel.sealedToken())
                .update();
    }
}
