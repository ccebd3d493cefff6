package org.mdmenroll.query.device;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.support.axon.TenantSequencingPolicy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * Writes the {@code device} table behind the device list and the Android view. The processor
 * handles a tenant's events in order ({@link TenantSequencingPolicy}), so a device's user is
 * known when its enrollment starts.
 */
@Component
@ProcessingGroup(DeviceProjection.PROCESSING_GROUP)
public class DeviceProjection {

    public static final String PROCESSING_GROUP = "devices";

    private final JdbcClient jdbc;

    public DeviceProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(LocalUserCreated event) {
        jdbc.sql("insert into device_user (user_id, tenant_id, email, display_name) values (?, ?, ?, ?) on conflict do nothing")
                .params(event.userId().value(), event.tenantId().value(), event.email(), event.displayName()).update();
    }

    @EventHandler
    void on(LdapUserImported event) {
        jdbc.sql("insert into device_user (user_id, tenant_id, email, display_name) values (?, ?, ?, ?) on conflict do nothing")
                .params(event.userId().value(), event.tenantId().value(), event.email(), event.displayName()).update();
    }

    @EventHandler
    void on(LdapUserUpdated event) {
        jdbc.sql("update device_user set email = ?, display_name = ? where user_id = ?")
                .params(event.email(), event.displayName(), event.userId().value()).update();
        jdbc.sql("update device set user_email = ?, user_name = ? where user_id = ?")
                .params(event.email(), event.displayName(), event.userId().value()).update();
    }

    @EventHandler
    void on(EnrollmentStarted event, @Timestamp Instant at) {
        HardwareIdentity identity = event.identity();
        // An ADE device enrolled without user authentication has no user.
        UUID userUuid = event.userId() == null ? null : event.userId().value();
        jdbc.sql("""
                        insert into device (device_id, tenant_id, user_id, user_email, user_name, platform, os_version,
                                            method, status, last_step, serial_number, udid, imei,
                                            enterprise_specific_id, hardware_id, push_channel, started_at, last_event_at)
                        select ?, ?, ?, coalesce(u.email, ''), coalesce(u.display_name, ''), ?, ?, ?, ?, ?,
                               ?, ?, ?, ?, ?, ?, ?, ?
                        from (select 1) one left join device_user u on u.user_id = ?
                        on conflict (device_id) do nothing""")
                .params(event.deviceId().value(), event.tenantId().value(), userUuid,
                        event.platform().name(), event.osVersion(), event.method().name(),
                        DeviceStatus.after(event).orElseThrow().name(), DeviceStep.after(event).orElseThrow().name(),
                        identity.serialNumber(), identity.udid(), identity.imei(), identity.enterpriseSpecificId(),
                        identity.primary(), channel(event.pushChannel()), utc(at), utc(at), userUuid)
                .update();
    }

    @EventHandler
    void on(EnrollmentProfileDownloaded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "profile_valid_until = ?", utc(event.validUntil()));
    }

    @EventHandler
    void on(EnrollmentProfileExpired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(EnrollmentProfileInstallCancelled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceEnrolled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "enrolled_at = ?, enrolled_user = ?, account_driven = ?", utc(at),
                event.enrolledUser(), event.accountDriven());
    }

    /** The entry enrolls anew: like the aggregate, it forgets the last enrollment's bootstrap token and renewal. */
    @EventHandler
    void on(DeviceReEnrolled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        HardwareIdentity identity = event.identity();
        step(event, event.deviceId(), sequence, at, """
                        user_id = ?, os_version = ?, method = ?, push_channel = ?, profile_valid_until = null,
                        management_mode = null,
                        re_enrollment_required = null,
                        bootstrap_token_escrowed = false, certificate_renewal_requested_at = null,
                        superseded_by = null, serial_number = coalesce(?, serial_number), udid = coalesce(?, udid),
                        imei = coalesce(?, imei), enterprise_specific_id = coalesce(?, enterprise_specific_id),
                        hardware_id = coalesce(?, hardware_id),
                        user_email = coalesce((select email from device_user where user_id = ?), user_email),
                        user_name = coalesce((select display_name from device_user where user_id = ?), user_name)""",
                event.userId().value(), event.osVersion(), event.method().name(), channel(event.pushChannel()),
                identity.serialNumber(), identity.udid(), identity.imei(), identity.enterpriseSpecificId(),
                identity.primary(), event.userId().value(), event.userId().value());
    }

    @EventHandler
    void on(DeviceCheckedOut event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceRetired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceWiped event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceReset event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceEntrySuperseded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "superseded_by = ?", event.supersededBy().value());
    }

    /** The Android agent that enrolls the entry: how it manages the device. */
    @EventHandler
    void on(AndroidAgentRegistered event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "management_mode = ?", event.managementMode().name());
    }

    @EventHandler
    void on(ManualCaCertificatesRemoved event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "manual_ca_removed_at = ?", utc(at));
    }

    @EventHandler
    void on(DeviceReEnrollmentRequired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "re_enrollment_required = ?", event.reason());
    }

    /** Authenticate: the profile is installed; the hardware and OS the device reports replace what it claimed. */
    @EventHandler
    void on(DeviceAuthenticated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        HardwareIdentity reported = DeviceReports.identity(event.serialNumber(), event.udid(), null);
        step(event, event.deviceId(), sequence, at, """
                        udid = coalesce(?, udid), serial_number = coalesce(?, serial_number),
                        hardware_id = coalesce(hardware_id, ?), os_version = coalesce(?, os_version),
                        model = ?, device_name = ?, model_name = coalesce(?, model_name),
                        product_name = coalesce(?, product_name), build_version = coalesce(?, build_version)""",
                reported.udid(), reported.serialNumber(), reported.primary(),
                DeviceReports.osVersion(event.osVersion()), DeviceReports.model(event.productName(), event.model()),
                DeviceReports.deviceName(event.deviceName()), event.modelName(), event.productName(),
                event.buildVersion());
    }

    /** What DeviceInformation answered; a query the device left unanswered keeps what was known. */
    @EventHandler
    void on(DeviceInformationReported event, @SequenceNumber long sequence, @Timestamp Instant at) {
        DeviceInventory inventory = event.inventory();
        HardwareIdentity reported = DeviceReports.identity(inventory.serialNumber(), inventory.udid(),
                inventory.imei());
        step(event, event.deviceId(), sequence, at, """
                        udid = coalesce(?, udid), serial_number = coalesce(?, serial_number), imei = coalesce(?, imei),
                        hardware_id = coalesce(hardware_id, ?), os_version = coalesce(?, os_version),
                        model = coalesce(?, model), device_name = coalesce(?, device_name),
                        model_name = coalesce(?, model_name), product_name = coalesce(?, product_name),
                        build_version = coalesce(?, build_version), meid = coalesce(?, meid),
                        device_capacity_gb = coalesce(?, device_capacity_gb),
                        available_capacity_gb = coalesce(?, available_capacity_gb),
                        supervised = coalesce(?, supervised),
                        activation_lock_enabled = coalesce(?, activation_lock_enabled),
                        wifi_mac = coalesce(?, wifi_mac), bluetooth_mac = coalesce(?, bluetooth_mac),
                        inventory_reported_at = ?""",
                reported.udid(), reported.serialNumber(), reported.imei(), reported.primary(),
                DeviceReports.osVersion(inventory.osVersion()),
                DeviceReports.model(inventory.productName(), inventory.model()),
                DeviceReports.deviceName(inventory.deviceName()), inventory.modelName(), inventory.productName(),
                inventory.buildVersion(), inventory.meid(), inventory.deviceCapacityGb(),
                inventory.availableCapacityGb(), inventory.supervised(), inventory.activationLockEnabled(),
                inventory.wifiMac(), inventory.bluetoothMac(), utc(at));
    }

    /** One SecurityInfo answer is one snapshot: it replaces the last one whole. */
    @EventHandler
    void on(SecurityInfoReported event, @SequenceNumber long sequence, @Timestamp Instant at) {
        DeviceSecurity security = event.security();
        step(event, event.deviceId(), sequence, at, """
                        passcode_present = ?, passcode_compliant = ?, hardware_encryption_caps = ?,
                        file_vault_enabled = ?, sip_enabled = ?, firewall_enabled = ?, security_reported_at = ?""",
                security.passcodePresent(), security.passcodeCompliant(), security.hardwareEncryptionCaps(),
                security.fileVaultEnabled(), security.systemIntegrityProtectionEnabled(), security.firewallEnabled(),
                utc(at));
    }

    /** A new request starts afresh: the last one's failure no longer describes the entry. */
    @EventHandler
    void on(DeviceActionRequested event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at,
                "last_action_reverted = null, last_action_failure = null, last_action_reverted_at = null");
    }

    @EventHandler
    void on(DeviceActionReverted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at,
                "last_action_reverted = ?, last_action_failure = ?, last_action_reverted_at = ?",
                DeviceReports.reverted(event), event.detail(), utc(at));
    }

    // The command channel: open commands are counted (each is closed once, by its answer or its
    // cancellation), and every delivery or answer is the device connecting.

    @EventHandler
    void on(MdmCommandQueued event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "pending_commands = pending_commands + 1");
    }

    @EventHandler
    void on(MdmCommandSent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "last_connect_at = ?", utc(at));
    }

    @EventHandler
    void on(MdmCommandNotNow event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "last_connect_at = ?", utc(at));
    }

    @EventHandler
    void on(MdmCommandAcknowledged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "pending_commands = pending_commands - 1, last_connect_at = ?",
                utc(at));
    }

    @EventHandler
    void on(MdmCommandFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "pending_commands = pending_commands - 1, last_connect_at = ?",
                utc(at));
    }

    @EventHandler
    void on(MdmCommandCancelled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "pending_commands = pending_commands - 1");
    }

    @EventHandler
    void on(MdmUnexpectedResult event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "last_connect_at = ?", utc(at));
    }

    @EventHandler
    void on(DeviceConnected event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "last_connect_at = ?", utc(at));
    }

    @EventHandler
    void on(MdmPushTokenUpdated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, null);
    }

    @EventHandler
    void on(DeviceUserChannelEnrolled event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "enrolled_user = ?",
                event.userShortName() != null ? event.userShortName() : event.userGuid());
    }

    @EventHandler
    void on(MdmPushSent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "last_mdm_push_at = ?, last_mdm_push = 'sent'", utc(at));
    }

    @EventHandler
    void on(MdmPushFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "last_mdm_push_at = ?, last_mdm_push = ?", utc(at),
                event.reason());
    }

    /** A new certificate, renewed or not, ends the renewal under way (as it does on the aggregate). */
    @EventHandler
    void on(IdentityCertificateIssued event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, """
                        identity_certificate_not_after = ?, identity_certificate_refused = null,
                        certificate_renewal_requested_at = null""", utc(event.notAfter()));
    }

    @EventHandler
    void on(IdentityCertificateRenewalRequested event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "certificate_renewal_requested_at = ?", utc(at));
    }

    /** Whether one is escrowed; the sealed token is never copied here. */
    @EventHandler
    void on(BootstrapTokenEscrowed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "bootstrap_token_escrowed = ?", event.escrowed());
    }

    @EventHandler
    void on(IdentityCertificateRefused event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "identity_certificate_refused = ?", event.reason().name());
    }

    /** Counted over the entry's life (the step is applied once per event, see {@link #step}). */
    @EventHandler
    void on(EnrollmentNudgeSent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at,
                "nudge_count = nudge_count + 1, last_nudge_at = ?, nudges_stopped = null", utc(at));
    }

    @EventHandler
    void on(EnrollmentNudgesStopped event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, event.deviceId(), sequence, at, "nudges_stopped = ?", event.reason().name());
    }

    /**
     * Records an event: the status and the step after it ({@link DeviceStatus#after},
     * {@link DeviceStep#after}) and more columns. An event older than the entry's last applied one
     * (delivered again after a segment moved between instances) changes nothing, so the row never
     * goes back in time.
     */
    private void step(Object event, DeviceId deviceId, long sequence, Instant at, String assignments,
            Object... values) {
        StringBuilder sql = new StringBuilder("update device set last_sequence = ?, last_event_at = ?");
        List<Object> params = new ArrayList<>(List.of(sequence, utc(at)));
        DeviceStatus.after(event).ifPresent(status -> {
            sql.append(", status = ?");
            params.add(status.name());
        });
        DeviceStep.after(event).ifPresent(step -> {
            sql.append(", last_step = ?");
            params.add(step.name());
        });
        if (assignments != null) {
            sql.append(", ").append(assignments);
            params.addAll(Arrays.asList(values));
        }
        sql.append(" where device_id = ? and last_sequence < ?");
        params.add(deviceId.value());
        params.add(sequence);
        jdbc.sql(sql.toString()).params(params).update();
    }

    private static String channel(PushChannel channel) {
        return channel == null ? null : channel.type().name();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from device").update();
        jdbc.sql("delete from device_user").update();
    }
}
