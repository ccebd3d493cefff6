package org.mdmenroll.command.push;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.device.DeviceCommands.RecordMdmPushFailed;
import org.mdmenroll.command.device.DeviceCommands.RecordMdmPushSent;
import org.mdmenroll.command.device.DeviceDirectory;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Asks an enrolled Apple device to connect: finds where its MDM client listens (the device
 * channel's last TokenUpdate), pushes through the {@link MdmPushGateway}, and records the outcome on
 * the device entry — a failure too, with its reason, so an admin sees why a device was not reached.
 */
@Component
@ProcessingGroup("mdm-push-channels")
public class MdmPushes {

    private final JdbcClient jdbc;
    private final DeviceDirectory directory;
    private final MdmPushGateway gateway;
    private final SecretBox secrets;
    private final CommandGateway commands;

    public MdmPushes(JdbcClient jdbc, DeviceDirectory directory, MdmPushGateway gateway, SecretBox secrets,
            CommandGateway commands) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.gateway = gateway;
        this.secrets = secrets;
        this.commands = commands;
    }

    /**
     * Pushes to the device and records the outcome. A push that could not be delivered is recorded
     * and then refused: 409 when the push certificate is missing or expired, 502 when APNs refused
     * or could not be reached.
     */
    public MdmPushGateway.Sent push(TenantId tenantId, DeviceId deviceId) {
        directory.requireInTenant(tenantId, deviceId);
        MdmPushGateway.Target target = jdbc.sql("""
                        select topic, sealed_token, sealed_push_magic from mdm_push_channel
                        where device_id = ? and tenant_id = ?""")
                .params(deviceId.value(), tenantId.value())
                .query((rs, row) -> new MdmPushGateway.Target(
                        secrets.open(SecretPurpose.MDM_PUSH_TOKEN, rs.getString("sealed_token")),
                        secrets.open(SecretPurpose.MDM_PUSH_MAGIC, rs.getString("sealed_push_magic")), rs.getString("topic")))
                .optional()
                .orElseThrow(() -> Refusal.conflict("no-mdm-push-channel",
                        "The device has not sent its push token at check-in yet."));
        MdmPushGateway.Outcome outcome = gateway.push(tenantId, target);
        if (outcome instanceof MdmPushGateway.Sent sent) {
            commands.sendAndWait(new RecordMdmPushSent(deviceId, target.topic(), sent.apnsId()));
            return sent;
        }
        MdmPushGateway.Failed failed = (MdmPushGateway.Failed) outcome;
        commands.sendAndWait(new RecordMdmPushFailed(deviceId, failed.reason(), failed.detail()));
        boolean certificate = failed.reason().contains("push-certificate");
        throw new Refusal(certificate ? Refusal.Kind.CONFLICT : Refusal.Kind.BAD_GATEWAY, failed.reason(),
                failed.detail(), Map.of());
    }

    @EventHandler
    void on(MdmPushTokenUpdated event) {
        if (event.userGuid() != null) {
            return;
        }
        jdbc.sql("""
                        insert into mdm_push_channel (device_id, tenant_id, topic, sealed_token, sealed_push_magic)
                        values (?, ?, ?, ?, ?)
                        on conflict (device_id) do update set topic = excluded.topic,
                            sealed_token = excluded.sealed_token, sealed_push_magic = excluded.sealed_push_magic""")
                .params(event.deviceId().value(), event.tenantId().value(), event.topic(), event.sealedToken(),
                        event.sealedPushMagic())
                .update();
    }
}
