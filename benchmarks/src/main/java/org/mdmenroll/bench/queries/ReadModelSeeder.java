package org.mdmenroll.bench.queries;

import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.query.device.DeviceStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Fills one tenant's device list and audit trail directly in the query side's tables (server-side
 * {@code generate_series}), as the projections would have written them: the queries scenario is
 * about reading at scale, and a million device entries would be ten million events to replay.
 * Entries: half iOS, a third Android, the rest macOS; 60% ACTIVE, 20% INACTIVE, 10% PENDING, the
 * rest WIPED, RESET, DELETED; one in twenty account-driven; two entries per user at the largest size; started over the
 * last year. Audit records: one per entry, appended after the tenant's chain head, a constant
 * number per day (the largest size fills the year), so a time window holds as many records at
 * every size (the hashes are not a valid chain: verification is not measured here).
 */
public final class ReadModelSeeder {

    static final Duration SPAN = Duration.ofDays(365);
    private static final int CHUNK = 50_000;
    /** The step that left a seeded entry in its status, as the device projection records it. */
    private static final Map<DeviceStatus, DeviceStep> LAST_STEP = new EnumMap<>(Map.of(
            DeviceStatus.PENDING, DeviceStep.PROFILE_DOWNLOADED, DeviceStatus.ACTIVE, DeviceStep.ENROLLED,
            DeviceStatus.INACTIVE, DeviceStep.RETIRED, DeviceStatus.WIPED, DeviceStep.WIPED,
            DeviceStatus.RESET, DeviceStep.RESET, DeviceStatus.DELETED, DeviceStep.DELETED));

    private final BenchDatabase database;
    private final UUID tenantId;
    private final Instant end = Instant.now();
    private final double secondsBetweenRecords;
    private final long users;
    private long devices;
    private long auditRecords;

    public ReadModelSeeder(BenchDatabase database, UUID tenantId, long largestSize) {
        this.database = database;
        this.tenantId = tenantId;
        this.secondsBetweenRecords = (double) SPAN.toSeconds() / largestSize;
        this.users = Math.max(1, largestSize / 2);
    }

    /** When the audit record at seeded index {@code i} (from 1) occurred. */
    public Instant auditTime(long i) {
        return start().plusMillis(Math.round(i * secondsBetweenRecords * 1000));
    }

    /** The first moment of the seeded year. */
    public Instant start() {
        return end.minus(SPAN);
    }

    /** Adds device entries and audit records until the tenant has {@code size} of each (seeded ones). */
    public void topUpTo(long size) throws Exception {
        try (Progress progress = Progress.start("seeding the queried tenant's device list and audit trail", "rows",
                2 * Math.max(0, size - devices));
             Connection connection = database.connect()) {
            long auditBase = database.queryLong(
                    "select coalesce(max(position), 0) from query_side.audit_record where tenant_id = ?", tenantId)
                    - auditRecords;
            for (long from = devices + 1; from <= size; from += CHUNK) {
                long to = Math.min(size, from + CHUNK - 1);
                devices(connection, from, to, users);
                progress.add(to - from + 1);
                audit(connection, auditBase, from, to);
                progress.add(to - from + 1);
            }
            devices = Math.max(devices, size);
            auditRecords = Math.max(auditRecords, size);
            try (PreparedStatement head = connection.prepareStatement("""
                    update query_side.audit_chain_head set position = (select max(position) from query_side.audit_record
                    where tenant_id = ?), hash = repeat('0', 64) where tenant_id = ?""")) {
                head.setObject(1, tenantId);
                head.setObject(2, tenantId);
                head.executeUpdate();
            }
        }
        database.execute("vacuum analyze query_side.device");
        database.execute("vacuum analyze query_side.audit_record");
    }

    private void devices(Connection connection, long from, long to, long users) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into query_side.device (device_id, tenant_id, user_id, user_email, user_name, platform, os_version,
                    method, status, last_step, account_driven, serial_number, udid, imei, hardware_id, push_channel,
                    started_at, enrolled_at, last_event_at, last_sequence, model, device_name)
                select md5(?::text || 'd' || i)::uuid, ?, md5(?::text || 'u' || (i % ?))::uuid,
                       'user' || (i % ?) || '@queries.bench.example.com', 'User ' || (i % ?),
                       p.platform, case p.platform when 'ANDROID' then '14' when 'MACOS' then '14.4' else '17.4' end,
                       case when a.driven then 'ACCOUNT_DRIVEN' else (array['IN_APP','INVITATION','PORTAL','QR_CODE','ADE'])[1 + i % 5] end,
                       s.status, {lastStep},
                       a.driven, upper(substr(md5('s' || i), 1, 12)),
                       case when p.platform <> 'ANDROID' then upper(md5('u' || i)) end,
                       case when p.platform = 'ANDROID' then lpad(((i * 9973) % 1000000000000000)::text, 15, '3') end,
                       upper(substr(md5('s' || i), 1, 12)), case when p.platform = 'ANDROID' then 'FCM' else 'APNS' end,
                       t.started, case when s.status in ('ACTIVE', 'RESET', 'WIPED') then t.started + interval '5 minutes' end,
                       t.started + ((i * 13) % 86400) * interval '1 second', 5,
                       case p.platform when 'ANDROID' then 'Pixel 8' when 'MACOS' then 'Mac14,2' else 'iPhone15,2' end,
                       'Device ' || i
                from generate_series(?::bigint, ?::bigint) i,
                     lateral (select case when (i * 7919) % 100 < 50 then 'IOS' when (i * 7919) % 100 < 85 then 'ANDROID'
                                          else 'MACOS' end as platform) p,
                     lateral (select case when (i * 104729 + 7) % 100 < 60 then 'ACTIVE'
                                          when (i * 104729 + 7) % 100 < 80 then 'INACTIVE'
                                          when (i * 104729 + 7) % 100 < 90 then 'PENDING'
                                          when (i * 104729 + 7) % 100 < 94 then 'WIPED'
                                          when (i * 104729 + 7) % 100 < 97 then 'RESET' else 'DELETED' end as status) s,
                     lateral (select (i * 31) % 20 = 0 and p.platform <> 'ANDROID' as driven) a,
                     lateral (select ?::timestamptz + (((i * 2654435761) % ?) * interval '1 second') as started) t"""
                .replace("{lastStep}", lastStepOf("s.status")))) {
            int p = 1;
            insert.setObject(p++, tenantId.toString());
            insert.setObject(p++, tenantId);
            insert.setObject(p++, tenantId.toString());
            insert.setLong(p++, users);
            insert.setLong(p++, users);
            insert.setLong(p++, users);
            insert.setLong(p++, from);
            insert.setLong(p++, to);
            insert.setObject(p++, java.time.OffsetDateTime.ofInstant(start(), java.time.ZoneOffset.UTC));
            insert.setLong(p, SPAN.toSeconds() - 86400);
            insert.executeUpdate();
        }
    }

    /** SQL: the seeded last step of an entry in the status {@code status} names. */
    private static String lastStepOf(String status) {
        StringBuilder sql = new StringBuilder("case ").append(status);
        LAST_STEP.forEach((seeded, step) -> sql.append(" when '").append(seeded).append("' then '").append(step)
                .append('\''));
        return sql.append(" end").toString();
    }

    private void audit(Connection connection, long base, long from, long to) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into query_side.audit_record (tenant_id, position, event_id, occurred_at, actor_type, actor, action,
                    summary, target_type, target_id, device_id, user_id, result, request_id, details, previous_hash, hash)
                select ?, ? + i, 'seed-' || ?::text || '-' || i,
                       ?::timestamptz + (i * ?::double precision) * interval '1 second',
                       case when i % 3 = 0 then 'ACCOUNT' else 'USER' end,
                       case when i % 3 = 0 then 'queries-admin' else md5(?::text || 'u' || (i % 1000))::uuid::text end,
                       a.action, a.action, 'DEVICE', md5(?::text || 'd' || i)::uuid::text, md5(?::text || 'd' || i)::uuid,
                       md5(?::text || 'u' || (i % 1000))::uuid, 'SUCCESS', md5('r' || i)::uuid::text,
                       '{"deviceId":"' || md5(?::text || 'd' || i)::uuid || '","platform":"IOS","osVersion":"17.4","method":"IN_APP"}',
                       md5('p' || i) || md5('q' || i), md5('h' || i) || md5('k' || i)
                from generate_series(?::bigint, ?::bigint) i,
                     lateral (select (array['EnrollmentStarted','EnrollmentProfileDownloaded','DeviceAuthenticated',
                                            'MdmPushTokenUpdated','DeviceEnrolled','DeviceRetired'])[1 + i % 6] as action) a""")) {
            String tenant = tenantId.toString();
            int p = 1;
            insert.setObject(p++, tenantId);
            insert.setLong(p++, base);
            insert.setString(p++, tenant);
            insert.setObject(p++, java.time.OffsetDateTime.ofInstant(start(), java.time.ZoneOffset.UTC));
            insert.setDouble(p++, secondsBetweenRecords);
            insert.setString(p++, tenant);
            insert.setString(p++, tenant);
            insert.setString(p++, tenant);
            insert.setString(p++, tenant);
            insert.setString(p++, tenant);
            insert.setLong(p++, from);
            insert.setLong(p, to);
            insert.executeUpdate();
        }
    }
}
