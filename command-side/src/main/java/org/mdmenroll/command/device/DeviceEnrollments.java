package org.mdmenroll.command.device;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.device.DeviceCommands.EnrollDevice;
import org.mdmenroll.command.device.DeviceCommands.ReEnroll;
import org.mdmenroll.command.device.DeviceCommands.RecordCheckInAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.command.device.DeviceCommands.SupersedeEntry;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.command.device.DeviceDirectory.Entry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.audit.AuditMetadata;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/**
 * Decisions that span the entries of one piece of hardware, the Android re-enrollment rule (docs/architecture.md):
 * Android 9 or older enrolling again reuses the newest entry; Android 10 or newer gets a new entry,
 * and when any entry becomes ACTIVE every other entry of the same hardware still active on the
 * server is superseded, so only the newest is ACTIVE and an abandoned re-enrollment deactivates
 * nothing. Each decision runs in one transaction holding the hardware's lock, and the commands it
 * sends join that transaction: two concurrent enrollments of one device cannot both see "no other
 * active entry", and the events and the lookup table commit together or not at all.
 */
@Service
public class DeviceEnrollments {

    private final CommandGateway commands;
    private final DeviceDirectory directory;

    public DeviceEnrollments(CommandGateway commands, DeviceDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    /** The entry an enrollment request landed on: a new one, or an existing one enrolling again. */
    public record Enrollment(DeviceId deviceId, boolean reEnrolled) {
    }

    /** What a device tells about itself when it starts enrolling. */
    public record Request(Platform platform, String osVersion, EnrollmentMethod method, HardwareIdentity identity,
                          PushChannel pushChannel) {
    }

    @Transactional
    public Enrollment start(TenantId tenantId, UserId userId, Request request) {
        directory.lockHardware(tenantId, request.identity());
        if (request.platform() == Platform.ANDROID && reusesEntry(request.osVersion())) {
            Optional<Entry> newest = directory.sharingHardware(tenantId, request.identity()).stream()
                    .filter(entry -> entry.platform() == Platform.ANDROID && entry.status() != DeviceStatus.DELETED)
                    .findFirst();
            if (newest.isPresent()) {
                DeviceId deviceId = newest.get().deviceId();
                commands.sendAndWait(new ReEnroll(deviceId, userId, request.osVersion(), request.method(),
                        request.identity(), request.pushChannel()));
                return new Enrollment(deviceId, true);
            }
        }
        DeviceId deviceId = DeviceId.random();
        commands.sendAndWait(new StartEnrollment(deviceId, tenantId, userId, request.platform(), request.osVersion(),
                request.method(), request.identity(), request.pushChannel()));
        return new Enrollment(deviceId, false);
    }

    /**
     * Enrolling an entry again: iOS, macOS and Android 9 or older keep the entry; Android 10 or
     * newer starts a new entry for the same hardware.
     */
    @Transactional
    public Enrollment reEnroll(TenantId tenantId, DeviceId deviceId, UserId userId, String osVersion,
            EnrollmentMethod method, PushChannel pushChannel) {
        Entry entry = directory.requireInTenant(tenantId, deviceId);
        HardwareIdentity identity = directory.identityOf(deviceId);
        String version = osVersion == null ? entry.osVersion() : osVersion;
        Request request = new Request(entry.platform(), version, method, identity, pushChannel);
        if (entry.platform() == Platform.ANDROID && !reusesEntry(version)) {
            return start(tenantId, userId, request);
        }
        directory.lockHardware(tenantId, identity);
        commands.sendAndWait(new ReEnroll(deviceId, userId, version, method, identity, pushChannel));
        return new Enrollment(deviceId, true);
    }

    /** The entry becomes ACTIVE and every other entry of its hardware active on the server is superseded. */
    @Transactional
    public void enroll(DeviceId deviceId, String enrolledUser, String pushTopic) {
        HardwareIdentity identity = directory.identityOf(deviceId);
        Entry entry = directory.entry(deviceId);
        directory.lockHardware(entry.tenantId(), identity);
        commands.sendAndWait(new EnrollDevice(deviceId, enrolledUser, pushTopic));
        directory.sharingHardware(entry.tenantId(), identity).stream()
                .filter(other -> !other.deviceId().equals(deviceId) && other.status().isActiveOnServer())
                .forEach(other -> commands.sendAndWait(GenericCommandMessage
                        .asCommandMessage(new SupersedeEntry(other.deviceId(), deviceId))
                        .andMetaData(AuditMetadata.system("device-enrollments", "newer-entry-enrolled:" + deviceId))));
    }

    /**
     * A check-in Authenticate: decided under the locks of the hardware the entry knows and the
     * hardware the device reports.
     */
    @Transactional
    public void checkInAuthenticate(TenantId tenantId, RecordCheckInAuthenticate authenticate) {
        directory.requireInTenant(tenantId, authenticate.deviceId());
        HardwareIdentity known = directory.identityOf(authenticate.deviceId());
        HardwareIdentity reported = new HardwareIdentity(
                authenticate.serialNumber() != null ? authenticate.serialNumber() : known.serialNumber(),
                authenticate.udid() != null ? authenticate.udid() : known.udid(), known.imei(),
                known.enterpriseSpecificId());
        directory.lockHardware(tenantId, known);
        directory.lockHardware(tenantId, reported);
        commands.sendAndWait(authenticate);
    }

    /** A check-in TokenUpdate; the device channel's first token enrolls the entry (see {@link #enroll}). */
    @Transactional
    public void checkInTokenUpdate(TenantId tenantId, UpdateMdmPushToken update) {
        boolean completesEnrollment = send(tenantId, update.deviceId(), update);
        if (completesEnrollment) {
            enroll(update.deviceId(), null, update.topic());
        }
    }

    /** Any other command for an entry of the tenant (admin actions, check-out), under the hardware's lock. */
    @Transactional
    public <R> R send(TenantId tenantId, DeviceId deviceId, Object command) {
        directory.requireInTenant(tenantId, deviceId);
        directory.lockHardware(tenantId, directory.identityOf(deviceId));
        return commands.sendAndWait(command);
    }

    /** Android 9 or older reuses its newest entry; an unparseable version is refused by the entry itself. */
    static boolean reusesEntry(String androidVersion) {
        return OsVersion.parse(androidVersion).isBelow(Device.ANDROID_NEW_ENTRY_MINIMUM);
    }
}
