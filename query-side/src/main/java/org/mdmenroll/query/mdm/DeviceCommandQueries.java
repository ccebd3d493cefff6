package org.mdmenroll.query.mdm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryHandler;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.support.web.Cursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.mdmenroll.support.database.SqlTimes.instant;

/** Reads a device entry's MDM commands, newest first, for the entry's tenant only. */
@Component
public class DeviceCommandQueries {

    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<MdmError>> ERROR_CHAIN = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public DeviceCommandQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One page of the commands of a device entry of the tenant. */
    public record FindDeviceCommands(TenantId tenantId, DeviceId deviceId, String cursor, int limit) {
    }

    public record DeviceCommandPage(List<DeviceCommandView> items, String nextCursor) {
    }

    /** {@code page} is null when the entry is not one of the tenant's. */
    public record FoundDeviceCommands(DeviceCommandPage page) {
    }

    @QueryHandler
    public FoundDeviceCommands handle(FindDeviceCommands query) {
        boolean known = jdbc.sql("select exists (select 1 from command_device where device_id = ? and tenant_id = ?)")
                .params(query.deviceId().value(), query.tenantId().value()).query(Boolean.class).single();
        if (!known) {
            return new FoundDeviceCommands(null);
        }
        StringBuilder sql = new StringBuilder("select * from device_command where device_id = ? and tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.deviceId().value(), query.tenantId().value()));
        if (query.cursor() != null) {
            sql.append(" and queued_sequence < ?");
            params.add(sequenceKey(Cursor.decode(query.cursor(), 1).get(0)));
        }
        sql.append(" order by queued_sequence desc limit ?");
        params.add(query.limit() + 1);
        List<Long> sequences = new ArrayList<>();
        List<DeviceCommandView> rows = jdbc.sql(sql.toString()).params(params).query((rs, row) -> {
            sequences.add(rs.getLong("queued_sequence"));
            return view(rs);
        }).list();
        if (rows.size() <= query.limit()) {
            return new FoundDeviceCommands(new DeviceCommandPage(rows, null));
        }
        return new FoundDeviceCommands(new DeviceCommandPage(List.copyOf(rows.subList(0, query.limit())),
                Cursor.encode(Long.toString(sequences.get(query.limit() - 1)))));
    }

    private static long sequenceKey(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw Cursor.invalid();
        }
    }

    private DeviceCommandView view(ResultSet rs) throws SQLException {
        String cancelReason = rs.getString("cancel_reason");
        return new DeviceCommandView(rs.getString("command_uuid"), rs.getString("request_type"),
                MdmCommandPurpose.valueOf(rs.getString("purpose")),
                new MdmChannel(MdmChannel.Type.valueOf(rs.getString("channel")), rs.getString("channel_user_id")),
                DeviceCommandStatus.valueOf(rs.getString("status")), read(rs.getString("parameters"), TEXT_MAP),
                rs.getInt("attempts"), instant(rs, "queued_at"), rs.getString("queued_by_type"),
                rs.getString("queued_by"), instant(rs, "last_sent_at"), instant(rs, "answered_at"),
                read(rs.getString("result"), TEXT_MAP), read(rs.getString("error_chain"), ERROR_CHAIN),
                cancelReason == null ? null : MdmCommandCancelled.Reason.valueOf(cancelReason),
                instant(rs, "cancelled_at"));
    }

    private <T> T read(String value, TypeReference<T> type) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device_command holds JSON it did not write", e);
        }
    }
}
