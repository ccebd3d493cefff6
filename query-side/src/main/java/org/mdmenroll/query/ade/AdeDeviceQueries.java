package org.mdmenroll.query.ade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryHandler;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;

/** Reads the ADE device directory and the tokens' enrollment profiles, one tenant's only. */
@Component
public class AdeDeviceQueries {

    /** Apple's profile statuses. */
    public static final Set<String> PROFILE_STATUSES = Set.of("empty", "assigned", "pushed", "removed");

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public AdeDeviceQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One page of a tenant's ADE devices by serial number; every filter optional: the token that
     * listed them, Apple's profile statuses, removed or not, part of the serial number, model or
     * description.
     */
    public record FindAdeDevices(TenantId tenantId, CredentialId tokenId, List<String> profileStatuses,
                                 Boolean removed, String text, String cursor, int limit) {
    }

    public record AdeDevicePage(List<AdeDeviceView> items, String nextCursor) {
    }

    public record FindAdeProfiles(TenantId tenantId, CredentialId tokenId) {
    }

    /** A profile defined under the token, as Apple was given it. */
    public record AdeProfileView(String profileUuid, AdeEnrollmentProfile profile, boolean isDefault, Instant definedAt) {
    }

    public record AdeProfiles(List<AdeProfileView> items) {
    }

    /** Apple's profile statuses given, lower case; another is a 400. */
    public static List<String> profileStatuses(List<String> given) {
        if (given == null) {
            return List.of();
        }
        List<String> statuses = new ArrayList<>();
        for (String status : given) {
            String value = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
            if (!PROFILE_STATUSES.contains(value)) {
                throw new Refusal(Refusal.Kind.INVALID, "invalid-profile-status",
                        "'" + status + "' is not one of Apple's profile statuses.",
                        Map.of("allowed", List.of("empty", "assigned", "pushed", "removed")));
            }
            statuses.add(value);
        }
        return statuses;
    }

    @QueryHandler
    public AdeDevicePage handle(FindAdeDevices query) {
        StringBuilder sql = new StringBuilder("""
                select d.*, e.device_id as entry_id, e.status as entry_status, e.started_at as entry_started_at
                from ade_device d
                left join lateral (select device_id, status, started_at from ade_enrollment e
                                   where e.tenant_id = d.tenant_id and e.serial_number = d.serial_number
                                   order by started_at desc, device_id desc limit 1) e on true
                where d.tenant_id = ?""");
        List<Object> params = new ArrayList<>(List.of(query.tenantId().value()));
        if (query.tokenId() != null) {
            sql.append(" and d.token_id = ?");
            params.add(query.tokenId().value());
        }
        if (!query.profileStatuses().isEmpty()) {
            sql.append(" and d.profile_status = any(?)");
            params.add(query.profileStatuses().toArray(String[]::new));
        }
        if (query.removed() != null) {
            sql.append(query.removed() ? " and d.removed" : " and not d.removed");
        }
        if (query.text() != null && !query.text().isBlank()) {
            sql.append(" and (d.serial_number ilike ? or d.model ilike ? or d.description ilike ?)");
            String like = "%" + likeEscape(query.text().strip()) + "%";
            params.addAll(List.of(like, like, like));
        }
        if (query.cursor() != null) {
            sql.append(" and d.serial_number > ?");
            params.add(Cursor.decode(query.cursor(), 1).get(0));
        }
        sql.append(" order by d.serial_number limit ?");
        params.add(query.limit() + 1);
        List<AdeDeviceView> rows = jdbc.sql(sql.toString()).params(params).query((rs, row) -> view(rs)).list();
        if (rows.size() <= query.limit()) {
            return new AdeDevicePage(rows, null);
        }
        List<AdeDeviceView> items = List.copyOf(rows.subList(0, query.limit()));
        return new AdeDevicePage(items, Cursor.encode(items.get(items.size() - 1).serialNumber()));
    }

    @QueryHandler
    public AdeProfiles handle(FindAdeProfiles query) {
        return new AdeProfiles(jdbc.sql("""
                        select * from ade_profile where tenant_id = ? and token_id = ?
                        order by defined_at, profile_uuid""")
                .params(query.tenantId().value(), query.tokenId().value())
                .query((rs, row) -> new AdeProfileView(rs.getString("profile_uuid"), profile(rs.getString("profile")),
                        rs.getBoolean("is_default"), instant(rs, "defined_at"))).list());
    }

    private AdeEnrollmentProfile profile(String stored) {
        try {
            return json.readValue(stored, AdeEnrollmentProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ade_profile holds JSON it did not write", e);
        }
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static AdeDeviceView view(ResultSet rs) throws SQLException {
        UUID entry = rs.getObject("entry_id", UUID.class);
        return new AdeDeviceView(rs.getString("serial_number"), new CredentialId(rs.getObject("token_id", UUID.class)),
                rs.getString("model"), rs.getString("description"), rs.getString("color"), rs.getString("os"),
                rs.getString("device_family"), rs.getString("profile_status"), rs.getString("profile_uuid"),
                instant(rs, "profile_assign_time"), rs.getString("device_assigned_by"),
                instant(rs, "device_assigned_date"), rs.getString("op_type"), instant(rs, "op_date"),
                rs.getBoolean("removed"), instant(rs, "removed_at"), instant(rs, "first_synced_at"),
                instant(rs, "last_synced_at"),
                entry == null ? null : new AdeDeviceView.Enrollment(new DeviceId(entry),
                        DeviceStatus.valueOf(rs.getString("entry_status")), instant(rs, "entry_started_at")));
    }
}
