package org.mdmenroll.query.device;

import org.axonframework.queryhandling.QueryHandler;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.query.device.DeviceView.Owner;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Reads the device list and the Android multi-entry view. Deleted entries are gone from both. Whether
 * an entry's certificate renewal is overdue is derived at the moment of the query, by {@code clock}.
 */
@Component
public class DeviceQueries {

    private final JdbcClient jdbc;
    private final Clock clock;

    public DeviceQueries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The sort orders the list offers; each has its index. */
    public enum SortField {
        lastEventAt("last_event_at", "timestamptz"),
        startedAt("started_at", "timestamptz"),
        enrolledAt("coalesce(enrolled_at, '-infinity'::timestamptz)", "timestamptz"),
        email("user_email", "text"),
        status("status", "text"),
        platform("platform", "text");

        private final String expression;
        private final String sqlType;

        SortField(String expression, String sqlType) {
            this.expression = expression;
            this.sqlType = sqlType;
        }
    }

    /** {@code field} ascending or {@code -field} descending. */
    public record Sort(SortField field, boolean descending) {

        public static final Sort DEFAULT = new Sort(SortField.lastEventAt, true);

        public static Sort parse(String text) {
            if (text == null || text.isBlank()) {
                return DEFAULT;
            }
            String name = text.strip();
            boolean descending = name.startsWith("-");
            try {
                return new Sort(SortField.valueOf(descending ? name.substring(1) : name), descending);
            } catch (IllegalArgumentException e) {
                throw new Refusal(Refusal.Kind.INVALID, "invalid-sort", "Cannot sort devices by '" + text + "'.",
                        Map.of("allowed", Arrays.stream(SortField.values()).map(Enum::name).toList()));
            }
        }

        String token() {
            return (descending ? "-" : "") + field.name();
        }
    }

    /**
     * One tenant's device entries; every filter optional. {@code excludeRetired} leaves out INACTIVE
     * entries (retired, superseded, checked out, cancelled); DELETED entries show only when asked for
     * by status. {@code renewalOverdue} keeps only the entries whose certificate renewal is overdue.
     */
    public record FindDevices(TenantId tenantId, List<Platform> platforms, List<DeviceStatus> statuses,
                              List<EnrollmentMethod> methods, Boolean accountDriven, UserId userId, String text,
                              boolean excludeRetired, boolean renewalOverdue, Sort sort, String cursor,
                              int limit) {
    }

    public record DevicePage(List<DeviceView> items, String nextCursor) {
    }

    public record FindDevice(TenantId tenantId, DeviceId deviceId) {
    }

    public record FoundDevice(DeviceView device) {
    }

    /** Android entries grouped by hardware; {@code hardwareId} matches any identifier of an entry. */
    public record FindAndroidEntries(TenantId tenantId, String hardwareId, String cursor, int limit) {
    }

    public record AndroidEntry(DeviceId deviceId, DeviceStatus status, String osVersion, EnrollmentMethod method,
                               DeviceStep lastStep, String userEmail, Instant startedAt, Instant enrolledAt,
                               DeviceId supersededBy, String managementMode) {
    }

    /** The entries of one piece of hardware, newest first. */
    public record AndroidHardware(String hardwareId, List<AndroidEntry> entries) {
    }

    public record AndroidEntriesPage(List<AndroidHardware> items, String nextCursor) {
    }

    @QueryHandler
    public DevicePage handle(FindDevices query) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("select *, ").append(query.sort().field().expression)
                .append("::text as sort_key from device where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId().value()));
        in(sql, params, "platform", query.platforms());
        in(sql, params, "method", query.methods());
        if (query.statuses() != null && !query.statuses().isEmpty()) {
            in(sql, params, "status", query.statuses());
        } else {
            sql.append(" and status <> 'DELETED'");
        }
        if (query.excludeRetired()) {
            sql.append(" and status <> 'INACTIVE'");
        }
        if (query.renewalOverdue()) {
            sql.append(" and ").append(CertificateRenewal.MANAGED).append(" and identity_certificate_not_after <= ?");
            params.add(utc(CertificateRenewal.expiringBy(now)));
        }
        if (query.accountDriven() != null) {
            sql.append(query.accountDriven() ? " and account_driven" : " and not account_driven");
        }
        if (query.userId() != null) {
            sql.append(" and user_id = ?");
            params.add(query.userId().value());
        }
        if (query.text() != null && !query.text().isBlank()) {
            sql.append(" and search_text like ?");
            params.add("%" + likeEscape(query.text().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        Sort sort = query.sort();
        String direction = sort.descending() ? "desc" : "asc";
        if (query.cursor() != null) {
            List<String> after = Cursor.decode(query.cursor(), 3);
            if (!after.get(0).equals(sort.token())) {
                throw Cursor.invalid();
            }
            sql.append(" and (").append(sort.field().expression).append(", device_id) ")
                    .append(sort.descending() ? "<" : ">").append(" (cast(? as ").append(sort.field().sqlType)
                    .append("), ?)");
            params.add(sortKey(sort.field(), after.get(1)));
            params.add(Cursor.uuidKey(after.get(2)));
        }
        sql.append(" order by ").append(sort.field().expression).append(' ').append(direction)
                .append(", device_id ").append(direction).append(" limit ?");
        params.add(query.limit() + 1);
        List<String> sortKeys = new ArrayList<>();
        List<DeviceView> rows = jdbc.sql(sql.toString()).params(params).query((rs, row) -> {
            sortKeys.add(rs.getString("sort_key"));
            return view(rs, now);
        }).list();
        if (rows.size() <= query.limit()) {
            return new DevicePage(rows, null);
        }
        List<DeviceView> items = List.copyOf(rows.subList(0, query.limit()));
        return new DevicePage(items, Cursor.encode(sort.token(), sortKeys.get(query.limit() - 1),
                items.get(items.size() - 1).deviceId().toString()));
    }

    @QueryHandler
    public FoundDevice handle(FindDevice query) {
        Instant now = clock.instant();
        return new FoundDevice(jdbc.sql("select * from device where tenant_id = ? and device_id = ?")
                .params(query.tenantId().value(), query.deviceId().value())
                .query((rs, row) -> view(rs, now)).optional().orElse(null));
    }

    @QueryHandler
    public AndroidEntriesPage handle(FindAndroidEntries query) {
        List<Object> params = new ArrayList<>(List.of(query.tenantId().value()));
        StringBuilder groups = new StringBuilder(
                "select distinct hardware_id from device where tenant_id = ? and platform = 'ANDROID'"
                        + " and status <> 'DELETED' and hardware_id is not null");
        if (query.hardwareId() != null && !query.hardwareId().isBlank()) {
            String id = query.hardwareId().strip();
            groups.append(" and hardware_id in (select hardware_id from device where tenant_id = ? and"
                    + " (hardware_id = ? or serial_number = ? or imei = ? or enterprise_specific_id = ?))");
            params.addAll(List.of(query.tenantId().value(), id, id.toUpperCase(Locale.ROOT), id, id));
        }
        if (query.cursor() != null) {
            groups.append(" and hardware_id > ?");
            params.add(Cursor.decode(query.cursor(), 1).get(0));
        }
        groups.append(" order by hardware_id limit ?");
        params.add(query.limit() + 1);
        List<String> hardwareIds = jdbc.sql(groups.toString()).params(params).query(String.class).list();
        boolean more = hardwareIds.size() > query.limit();
        List<String> page = more ? hardwareIds.subList(0, query.limit()) : hardwareIds;
        if (page.isEmpty()) {
            return new AndroidEntriesPage(List.of(), null);
        }
        Map<String, List<AndroidEntry>> entries = new LinkedHashMap<>();
        page.forEach(id -> entries.put(id, new ArrayList<>()));
        jdbc.sql("""
                        select * from device where tenant_id = ? and platform = 'ANDROID' and status <> 'DELETED'
                        and hardware_id = any(?) order by started_at desc, device_id desc""")
                .params(query.tenantId().value(), page.toArray(String[]::new))
                .query((rs, row) -> {
                    entries.get(rs.getString("hardware_id")).add(new AndroidEntry(
                            new DeviceId(rs.getObject("device_id", UUID.class)),
                            DeviceStatus.valueOf(rs.getString("status")), rs.getString("os_version"),
                            EnrollmentMethod.valueOf(rs.getString("method")),
                            DeviceStep.valueOf(rs.getString("last_step")), rs.getString("user_email"),
                            instant(rs, "started_at"), instant(rs, "enrolled_at"), deviceId(rs, "superseded_by"),
                            rs.getString("management_mode")));
                    return null;
                }).list();
        List<AndroidHardware> items = entries.entrySet().stream()
                .map(e -> new AndroidHardware(e.getKey(), List.copyOf(e.getValue()))).toList();
        return new AndroidEntriesPage(items, more ? Cursor.encode(page.get(page.size() - 1)) : null);
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<? extends Enum<?>> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        sql.append(" and ").append(column).append(" in (")
                .append(values.stream().map(v -> "?").collect(Collectors.joining(", "))).append(')');
        values.forEach(v -> params.add(v.name()));
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** PostgreSQL's text form of a timestamptz, or -infinity (never enrolled). */
    private static final Pattern TIMESTAMP_KEY = Pattern.compile(
            "-infinity|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?[+-]\\d{2}(:\\d{2})?");

    private static String sortKey(SortField field, String key) {
        if (field.sqlType.equals("timestamptz") && !TIMESTAMP_KEY.matcher(key).matches()) {
            throw Cursor.invalid();
        }
        return key;
    }


    private static DeviceId deviceId(ResultSet rs, String column) throws SQLException {
        UUID id = rs.getObject(column, UUID.class);
        return id == null ? null : new DeviceId(id);
    }

    /** Whose device it is; none for an ADE device enrolled without user authentication. */
    private static Owner owner(ResultSet rs) throws SQLException {
        UUID userId = rs.getObject("user_id", UUID.class);
        return userId == null ? null : new Owner(new UserId(userId), rs.getString("user_email"), rs.getString("user_name"));
    }

    /** The row as the list shows it at {@code now}. */
    private static DeviceView view(ResultSet rs, Instant now) throws SQLException {
        DeviceStatus status = DeviceStatus.valueOf(rs.getString("status"));
        Instant certificateNotAfter = instant(rs, "identity_certificate_not_after");
        return new DeviceView(new DeviceId(rs.getObject("device_id", UUID.class)),
                new TenantId(rs.getObject("tenant_id", UUID.class)),
                owner(rs),
                Platform.valueOf(rs.getString("platform")), rs.getString("os_version"),
                EnrollmentMethod.valueOf(rs.getString("method")), status,
                DeviceStep.valueOf(rs.getString("last_step")), rs.getBoolean("account_driven"),
                rs.getString("enrolled_user"),
                rs.getString("serial_number"), rs.getString("udid"), rs.getString("imei"),
                rs.getString("enterprise_specific_id"), rs.getString("hardware_id"), rs.getString("push_channel"),
                instant(rs, "profile_valid_until"), deviceId(rs, "superseded_by"), instant(rs, "manual_ca_removed_at"),
                rs.getString("re_enrollment_required"),
                rs.getString("model"), rs.getString("device_name"), instant(rs, "last_mdm_push_at"),
                rs.getString("last_mdm_push"), certificateNotAfter,
                rs.getString("identity_certificate_refused"),
                rs.getInt("nudge_count"), instant(rs, "last_nudge_at"), rs.getString("nudges_stopped"),
                instant(rs, "started_at"), instant(rs, "enrolled_at"), instant(rs, "last_event_at"),
                rs.getString("management_mode"), rs.getInt("pending_commands"), instant(rs, "last_connect_at"),
                rs.getString("model_name"), rs.getString("product_name"), rs.getString("build_version"),
                rs.getString("meid"), rs.getObject("device_capacity_gb", Double.class),
                rs.getObject("available_capacity_gb", Double.class), rs.getObject("supervised", Boolean.class),
                rs.getObject("activation_lock_enabled", Boolean.class), rs.getString("wifi_mac"),
                rs.getString("bluetooth_mac"), instant(rs, "inventory_reported_at"), security(rs),
                instant(rs, "security_reported_at"), rs.getString("last_action_reverted"),
                rs.getString("last_action_failure"), instant(rs, "last_action_reverted_at"),
                rs.getBoolean("bootstrap_token_escrowed"), instant(rs, "certificate_renewal_requested_at"),
                CertificateRenewal.overdue(status, certificateNotAfter, now));
    }

    /** The last SecurityInfo answer, or null before the first. */
    private static DeviceSecurity security(ResultSet rs) throws SQLException {
        if (rs.getObject("security_reported_at") == null) {
            return null;
        }
        return new DeviceSecurity(rs.getObject("passcode_present", Boolean.class),
                rs.getObject("passcode_compliant", Boolean.class),
                rs.getObject("hardware_encryption_caps", Integer.class), rs.getObject("file_vault_enabled", Boolean.class),
                rs.getObject("sip_enabled", Boolean.class), rs.getObject("firewall_enabled", Boolean.class));
    }
}
