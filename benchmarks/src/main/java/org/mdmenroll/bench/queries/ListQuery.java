package org.mdmenroll.bench.queries;

import java.util.List;

/**
 * One list the admins or auditors page through: its REST request and the SQL the query side runs
 * for it (mirroring {@code DeviceQueries.handle(FindDevices)} and {@code AuditTrail.page}), with
 * the keyset condition of the following pages.
 *
 * @param name       e.g. {@code devices?status&platform}
 * @param path       the REST path and query, without cursor or limit
 * @param auditor    read as the tenant's auditor (else its admin)
 * @param sql        the first page's SQL up to {@code order by}; the tenant is its first parameter
 * @param params     the parameters after the tenant
 * @param keyset     the condition added for the following pages (parameters: the last row's keys)
 * @param orderLimit {@code order by ... limit ?}
 * @param keys       the columns of the last row that the keyset condition takes, in order
 */
public record ListQuery(String name, String path, boolean auditor, String sql, List<Object> params, String keyset,
                        String orderLimit, List<String> keys) {

    private static final String DEVICES = "select *, last_event_at::text as sort_key from device where tenant_id = ?";
    private static final String DEVICE_KEYSET = " and (last_event_at, device_id) < (cast(? as timestamptz), ?)";
    private static final String DEVICE_ORDER = " order by last_event_at desc, device_id desc limit ?";

    static ListQuery devices(String name, String query, String where, List<Object> params) {
        return new ListQuery(name, "/api/devices?" + query, false, DEVICES + where, params, DEVICE_KEYSET, DEVICE_ORDER,
                List.of("sort_key", "device_id"));
    }

    static ListQuery audit(String name, String query, String where, List<Object> params) {
        return new ListQuery(name, "/api/audit?" + query, true, "select * from audit_record where tenant_id = ?" + where,
                params, " and position < ?", " order by position desc limit ?", List.of("position"));
    }
}
