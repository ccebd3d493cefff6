package org.mdmenroll.query.mdm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.support.audit.AuditMetadata;
import org.mdmenroll.support.audit.SecretFields;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Writes {@code device_command}, each device entry's MDM commands, from the entry's queue events,
 * and {@code command_device}, which tenant each entry is of. A command's row keeps the entry's last
 * event applied to it, so an event delivered again changes nothing. The sealed command is never read.
 */
@Component
@ProcessingGroup(DeviceCommandProjection.PROCESSING_GROUP)
public class DeviceCommandProjection {

    public static final String PROCESSING_GROUP = "device-commands";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public DeviceCommandProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(EnrollmentStarted event) {
        jdbc.sql("insert into command_device (device_id, tenant_id) values (?, ?) on conflict do nothing")
                .params(event.deviceId().value(), event.tenantId().value()).update();
    }

    /** Who queued it is who caused the event, as the audit trail reads it. */
    @EventHandler
    void on(MdmCommandQueued event, @SequenceNumber long sequence, @Timestamp Instant at, MetaData metaData) {
        jdbc.sql("""
                        insert into device_command (device_id, command_uuid, tenant_id, queued_sequence, request_type,
                                                    purpose, channel, channel_user_id, status, parameters, queued_at,
                                                    queued_by_type, queued_by, last_sequence)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)
                        on conflict (device_id, command_uuid) do nothing""")
                .params(event.deviceId().value(), event.commandUuid(), event.tenantId().value(), sequence,
                        event.requestType(), event.purpose().name(), event.channel().type().name(),
                        event.channel().userId(), DeviceCommandStatus.QUEUED.name(),
                        json(readable(event.parameters())), utc(at), AuditMetadata.actorType(metaData),
                        AuditMetadata.actor(metaData), sequence)
                .update();
    }

    @EventHandler
    void on(MdmCommandSent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.deviceId(), event.commandUuid(), sequence, DeviceCommandStatus.SENT,
                "attempts = ?, last_sent_at = ?", event.attempt(), utc(at));
    }

    @EventHandler
    void on(MdmCommandNotNow event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.deviceId(), event.commandUuid(), sequence, DeviceCommandStatus.NOT_NOW, "answered_at = ?",
                utc(at));
    }

    @EventHandler
    void on(MdmCommandAcknowledged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.deviceId(), event.commandUuid(), sequence, DeviceCommandStatus.ACKNOWLEDGED,
                "answered_at = ?, result = cast(? as jsonb)", utc(at),
                json(event.result() == null ? Map.of() : readable(event.result())));
    }

    @EventHandler
    void on(MdmCommandFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.deviceId(), event.commandUuid(), sequence, DeviceCommandStatus.valueOf(event.failure().name()),
                "answered_at = ?, error_chain = cast(? as jsonb)", utc(at),
                json(event.errorChain() == null ? List.of() : event.errorChain()));
    }

    @EventHandler
    void on(MdmCommandCancelled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.deviceId(), event.commandUuid(), sequence, DeviceCommandStatus.CANCELLED,
                "cancel_reason = ?, cancelled_at = ?", event.reason().name(), utc(at));
    }

    private void update(DeviceId deviceId, String commandUuid, long sequence, DeviceCommandStatus status,
            String assignments, Object... values) {
        List<Object> params = new ArrayList<>(List.of(status.name()));
        params.addAll(Arrays.asList(values));
        params.addAll(List.of(sequence, deviceId.value(), commandUuid, sequence));
        jdbc.sql("update device_command set status = ?, " + assignments + ", last_sequence = ?"
                + " where device_id = ? and command_uuid = ? and last_sequence < ?").params(params).update();
    }

    /** The parameters as the event has them, less any a careless encoder might name like a secret. */
    private static Map<String, String> readable(Map<String, String> values) {
        Map<String, String> readable = new TreeMap<>();
        if (values != null) {
            values.forEach((name, value) -> {
                if (!SecretFields.isSecret(name)) {
                    readable.put(name, value);
                }
            });
        }
        return readable;
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from device_command").update();
        jdbc.sql("delete from command_device").update();
    }
}
