package org.mdmenroll.query.ade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.credential.AdeDefaultProfileSet;
import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeEnrollmentProfileDefined;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.support.axon.TenantSequencingPolicy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Writes the ADE device directory ({@code ade_device}) from each token's syncs, the entries that
 * enrolled by ADE ({@code ade_enrollment}, with their status) that a device links to by tenant and
 * serial number, and the tokens' enrollment profiles ({@code ade_profile}). A tenant's events in
 * order ({@link TenantSequencingPolicy}).
 */
@Component
@ProcessingGroup(AdeDeviceProjection.PROCESSING_GROUP)
public class AdeDeviceProjection {

    public static final String PROCESSING_GROUP = "ade-devices";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ObjectMapper json;

    public AdeDeviceProjection(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    /**
     * Each device listed: its facts (a fact Apple left out keeps what was known), or, for a device
     * Apple removed from the server, the removal, if the row is still this token's.
     */
    @EventHandler
    void on(AdeDevicesSynced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        List<Object[]> listed = new ArrayList<>();
        List<Object[]> removed = new ArrayList<>();
        for (AdeDevice device : event.devices()) {
            if (device.serialNumber() == null || device.serialNumber().isBlank()) {
                continue;
            }
            String serial = device.serialNumber().strip().toUpperCase(Locale.ROOT);
            Object[] row = {event.tenantId().value(), serial, event.credentialId().value(), device.model(),
                    device.description(), device.color(), device.os(), device.deviceFamily(), device.profileStatus(),
                    device.profileUuid(), utc(device.profileAssignTime()), device.deviceAssignedBy(),
                    utc(device.deviceAssignedDate()), device.opType(), utc(device.opDate()), device.removed(),
                    device.removed() ? utc(device.opDate() != null ? device.opDate() : at) : null, utc(at), utc(at),
                    sequence};
            (device.removed() ? removed : listed).add(row);
        }
        batch.batchUpdate("""
                insert into ade_device (tenant_id, serial_number, token_id, model, description, color, os,
                                        device_family, profile_status, profile_uuid, profile_assign_time,
                                        device_assigned_by, device_assigned_date, op_type, op_date, removed,
                                        removed_at, first_synced_at, last_synced_at, last_sequence)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, serial_number) do update set
                    token_id = excluded.token_id, model = coalesce(excluded.model, ade_device.model),
                    description = coalesce(excluded.description, ade_device.description),
                    color = coalesce(excluded.color, ade_device.color), os = coalesce(excluded.os, ade_device.os),
                    device_family = coalesce(excluded.device_family, ade_device.device_family),
                    profile_status = coalesce(excluded.profile_status, ade_device.profile_status),
                    profile_uuid = excluded.profile_uuid,
                    profile_assign_time = coalesce(excluded.profile_assign_time, ade_device.profile_assign_time),
                    device_assigned_by = coalesce(excluded.device_assigned_by, ade_device.device_assigned_by),
                    device_assigned_date = coalesce(excluded.device_assigned_date, ade_device.device_assigned_date),
                    op_type = excluded.op_type, op_date = excluded.op_date, removed = false, removed_at = null,
                    last_synced_at = excluded.last_synced_at, last_sequence = excluded.last_sequence
                where ade_device.token_id <> excluded.token_id or ade_device.last_sequence < excluded.last_sequence""",
                listed);
        batch.batchUpdate("""
                insert into ade_device (tenant_id, serial_number, token_id, model, description, color, os,
                                        device_family, profile_status, profile_uuid, profile_assign_time,
                                        device_assigned_by, device_assigned_date, op_type, op_date, removed,
                                        removed_at, first_synced_at, last_synced_at, last_sequence)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, serial_number) do update set
                    op_type = excluded.op_type, op_date = excluded.op_date, removed = true,
                    removed_at = excluded.removed_at, last_synced_at = excluded.last_synced_at,
                    last_sequence = excluded.last_sequence
                where ade_device.token_id = excluded.token_id and ade_device.last_sequence < excluded.last_sequence""",
                removed);
    }

    /** Apple accepted the profile for these devices: shown at once, before the next sync confirms it. */
    @EventHandler
    void on(AdeProfileAssigned event, @SequenceNumber long sequence) {
        List<Object[]> accepted = new ArrayList<>();
        event.results().forEach((serial, result) -> {
            if ("SUCCESS".equals(result)) {
                accepted.add(new Object[]{event.profileUuid(), sequence, event.tenantId().value(),
                        serial.toUpperCase(Locale.ROOT), event.credentialId().value(), sequence});
            }
        });
        batch.batchUpdate("""
                update ade_device set profile_status = 'assigned', profile_uuid = ?, last_sequence = ?
                where tenant_id = ? and serial_number = ? and token_id = ? and last_sequence < ?""", accepted);
    }

    @EventHandler
    void on(AdeEnrollmentProfileDefined event, @Timestamp Instant at) {
        jdbc.sql("""
                        insert into ade_profile (token_id, profile_uuid, tenant_id, profile, defined_at)
                        values (?, ?, ?, cast(? as jsonb), ?) on conflict do nothing""")
                .params(event.credentialId().value(), event.profileUuid(), event.tenantId().value(),
                        json(event.profile()), utc(at)).update();
    }

    @EventHandler
    void on(AdeDefaultProfileSet event) {
        jdbc.sql("update ade_profile set is_default = (profile_uuid = ?) where token_id = ?")
                .params(event.profileUuid(), event.credentialId().value()).update();
    }

    /** ADE entries are linked to their device by serial number; every entry event may change their status. */
    @EventHandler
    void on(DeviceEvent event, @Timestamp Instant at) {
        if (event instanceof EnrollmentStarted started) {
            if (started.method() == EnrollmentMethod.ADE && started.identity().serialNumber() != null) {
                jdbc.sql("""
                                insert into ade_enrollment (device_id, tenant_id, serial_number, started_at, status)
                                values (?, ?, ?, ?, ?) on conflict (device_id) do nothing""")
                        .params(started.deviceId().value(), started.tenantId().value(),
                                started.identity().serialNumber(), utc(at),
                                DeviceStatus.after(started).orElseThrow().name()).update();
            }
            return;
        }
        DeviceStatus.after(event).ifPresent(status -> jdbc.sql("update ade_enrollment set status = ? where device_id = ?")
                .params(status.name(), event.deviceId().value()).update());
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
        jdbc.sql("delete from ade_device").update();
        jdbc.sql("delete from ade_enrollment").update();
        jdbc.sql("delete from ade_profile").update();
    }
}
