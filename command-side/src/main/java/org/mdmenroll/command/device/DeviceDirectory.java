package org.mdmenroll.command.device;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.database.SqlTimes;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The command side's table of device entries: who owns each entry, its status, and which entries
 * share hardware (any identifier in common, per tenant). Updated in the transaction that stores the
 * entry's events, so a decision taken under {@link #lockHardware} sees every committed entry.
 */
@Component
@ProcessingGroup("device-directory")
public class DeviceDirectory {

    private final JdbcClient jdbc;

    public DeviceDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A device entry as the command side needs it. */
    public record Entry(DeviceId deviceId, TenantId tenantId, UserId userId, Platform platform, String osVersion,
                        DeviceStatus status, Instant startedAt) {
    }

    private static final RowMapper<Entry> ENTRY = (rs, row) -> new Entry(
            new DeviceId(rs.getObject("device_id", UUID.class)), new TenantId(rs.getObject("tenant_id", UUID.class)),
            userId(rs.getObject("user_id", UUID.class)), Platform.valueOf(rs.getString("platform")),
            rs.getString("os_version"), DeviceStatus.valueOf(rs.getString("status")),
            SqlTimes.instant(rs, "started_at"));

    /** An ADE device enrolled without user authentication has no user. */
    private static UserId userId(UUID value) {
        return value == null ? null : new UserId(value);
    }

    private static UUID uuid(UserId userId) {
        return userId == null ? null : userId.value();
    }

    /** An entry of this tenant, or 404: another tenant's devices do not exist for this caller. */
    public Entry requireInTenant(TenantId tenantId, DeviceId deviceId) {
        return jdbc.sql("select * from device_entry where device_id = ? and tenant_id = ?")
                .params(deviceId.value(), tenantId.value()).query(ENTRY).optional()
                .orElseThrow(() -> Refusal.notFound("unknown-device", "No such device entry."));
    }

    public Entry entry(DeviceId deviceId) {
        return jdbc.sql("select * from device_entry where device_id = ?").param(deviceId.value()).query(ENTRY)
                .optional().orElseThrow(() -> Refusal.notFound("unknown-device", "No such device entry."));
    }

    /** Entries sharing any identifier with {@code identity}, newest first. */
    public List<Entry> sharingHardware(TenantId tenantId, HardwareIdentity identity) {
        if (identity.isUnknown()) {
            return List.of();
        }
        StringBuilder match = new StringBuilder();
        List<Object> params = new ArrayList<>();
        params.add(tenantId.value());
        identity.known().forEach((kind, value) -> {
            match.append(match.isEmpty() ? "" : " or ").append("(i.kind = ? and i.value = ?)");
            params.add(kind);
            params.add(value);
        });
        return jdbc.sql("select * from device_entry where device_id in (select i.device_id from device_identifier i"
                        + " where i.tenant_id = ? and (" + match + ")) order by started_at desc, device_id desc")
                .params(params).query(ENTRY).list();
    }

    /** Every identifier known for the entry, as one identity (the newest value of each kind). */
    public HardwareIdentity identityOf(DeviceId deviceId) {
        Map<String, String> known = new HashMap<>();
        jdbc.sql("select kind, value from device_identifier where device_id = ? order by added_seq")
                .param(deviceId.value())
                .query((rs, row) -> known.put(rs.getString("kind"), rs.getString("value"))).list();
        return new HardwareIdentity(known.get("serial"), known.get("udid"), known.get("imei"), known.get("esid"));
    }

    /**
     * Holds, until the transaction ends, a lock per identifier of {@code identity} in the tenant, so
     * decisions about entries of one piece of hardware are taken one at a time. Locks are taken in
     * a fixed order, so two requests never wait for each other's.
     */
    public void lockHardware(TenantId tenantId, HardwareIdentity identity) {
        TreeSet<String> keys = new TreeSet<>();
        identity.known().forEach((kind, value) -> keys.add(tenantId + "|" + kind + "|" + value));
        keys.forEach(key -> jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))").param(key)
                .query((rs, row) -> 0).list());
    }

    @EventHandler
    void on(EnrollmentStarted event, @Timestamp Instant at) {
        jdbc.sql("""
                        insert into device_entry (device_id, tenant_id, user_id, platform, os_version, status, started_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(event.deviceId().value(), event.tenantId().value(), uuid(event.userId()),
                        event.platform().name(), event.osVersion(), statusAfter(event).name(), SqlTimes.utc(at))
                .update();
        addIdentifiers(event.deviceId(), event.tenantId(), event.identity());
    }

    @EventHandler
    void on(DeviceReEnrolled event) {
        jdbc.sql("update device_entry set user_id = ?, os_version = ?, status = ? where device_id = ?")
                .params(uuid(event.userId()), event.osVersion(), statusAfter(event).name(), event.deviceId().value())
                .update();
        addIdentifiers(event.deviceId(), event.tenantId(), event.identity());
    }

    /** The hardware an Apple device reports at check-in becomes known for the entry. */
    @EventHandler
    void on(DeviceAuthenticated event) {
        addIdentifiers(event.deviceId(), event.tenantId(),
                new HardwareIdentity(event.serialNumber(), event.udid(), null, null));
    }

    @EventHandler
    void on(EnrollmentProfileDownloaded event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(EnrollmentProfileInstallCancelled event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceEnrolled event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceCheckedOut event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceRetired event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceEntrySuperseded event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceWiped event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceReset event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceDeleted event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceActionRequested event) {
        status(event.deviceId(), event);
    }

    @EventHandler
    void on(DeviceActionReverted event) {
        status(event.deviceId(), event);
    }

    /** The entry's status after {@code event}, as {@link DeviceStatus#after} decides for every copy of it. */
    private void status(DeviceId deviceId, Object event) {
        jdbc.sql("update device_entry set status = ? where device_id = ?")
                .params(statusAfter(event).name(), deviceId.value()).update();
    }

    private static DeviceStatus statusAfter(Object event) {
        return DeviceStatus.after(event).orElseThrow();
    }

    private void addIdentifiers(DeviceId deviceId, TenantId tenantId, HardwareIdentity identity) {
        identity.known().forEach((kind, value) -> jdbc.sql("""
                        insert into device_identifier (tenant_id, kind, value, device_id) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(tenantId.value(), kind, value, deviceId.value()).update());
    }
}
