package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.device.DeviceCommands.RequireReEnrollment;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.audit.AuditMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.UUID;

/**
 * After a confirmed push topic change, every Apple device of the tenant still active on the server
 * is marked as needing re-enrollment: under the new topic it receives no MDM command. Runs in the
 * renewal's transaction, so the renewal and the marks commit together.
 */
@Component
@ProcessingGroup("push-topic-change")
public class PushTopicChangeFollowUp {

    /** The entries the mark applies to, as {@link Platform#isApple} and {@link DeviceStatus#isActiveOnServer} say. */
    private static final String[] APPLE_PLATFORMS = Arrays.stream(Platform.values()).filter(Platform::isApple)
            .map(Enum::name).toArray(String[]::new);
    private static final String[] ACTIVE_ON_SERVER = Arrays.stream(DeviceStatus.values())
            .filter(DeviceStatus::isActiveOnServer).map(Enum::name).toArray(String[]::new);

    private final JdbcClient jdbc;
    private final CommandGateway commands;

    public PushTopicChangeFollowUp(JdbcClient jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    @EventHandler
    void on(MdmPushTopicChanged event) {
        String reason = "MDM push topic changed from " + event.previousTopic() + " to " + event.topic();
        jdbc.sql("""
                        select device_id from device_entry
                        where tenant_id = ? and platform = any(?) and status = any(?)""")
                .params(event.tenantId().value(), APPLE_PLATFORMS, ACTIVE_ON_SERVER).query(UUID.class).list()
                .forEach(id -> commands.sendAndWait(GenericCommandMessage
                        .asCommandMessage(new RequireReEnrollment(new DeviceId(id), reason))
                        .andMetaData(AuditMetadata.system("push-topic-change", "push-topic-changed:" + event.topic()))));
    }
}
