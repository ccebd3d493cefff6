package org.mdmenroll.command.apple.ade;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.apple.ade.AdeDevices.Registration;
import org.mdmenroll.command.apple.profile.ProfileDownloads;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.device.OsVersion;
import org.mdmenroll.command.push.PushCertificates;
import org.mdmenroll.command.tenant.MinimumOsVersions;
import org.mdmenroll.command.tenant.TenantCommands.MinimumOs;
import org.mdmenroll.command.tenant.TenantCommands.RecordAdeEnrollmentRefusal;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.tenant.AdeEnrollmentRefusal;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.Optional;

/**
 * What the tenant's ADE endpoint decides for a device whose MachineInfo Apple signed: its serial
 * must be one of the tenant's ADE devices that Apple has not removed, and its OS at least the
 * tenant's minimum for its platform; a refusal is recorded on the tenant (it shows in the audit
 * trail). An admitted device gets a new ADE entry, with the hardware it reported, and its signed
 * enrollment profile, bound to the user who signed in when the profile asks users to
 * authenticate. A device enrolling again (after a wipe) gets a new entry too, which supersedes the
 * old one once it is enrolled (see {@link DeviceEnrollments#enroll}).
 */
@Service
public class AdeEnrollments {

    private final AdeDevices devices;
    private final MinimumOsVersions minimums;
    private final CommandGateway commands;
    private final DeviceEnrollments enrollments;
    private final ProfileDownloads profiles;
    private final PushCertificates pushCertificates;
    private final TransactionTemplate transaction;

    public AdeEnrollments(AdeDevices devices, MinimumOsVersions minimums, CommandGateway commands,
            DeviceEnrollments enrollments, ProfileDownloads profiles, PushCertificates pushCertificates,
            TransactionTemplate transaction) {
        this.devices = devices;
        this.minimums = minimums;
        this.commands = commands;
        this.enrollments = enrollments;
        this.profiles = profiles;
        this.pushCertificates = pushCertificates;
        this.transaction = transaction;
    }

    /**
     * Refuses (403, recorded) a serial the tenant's ADE tokens do not list or Apple removed; answers
     * the OS version to install when the device is below the tenant's minimum (also recorded), or
     * empty when it may enroll.
     */
    public Optional<String> admit(TenantEntry tenant, AdeMachineInfo machine) {
        RequestActor.actingAs(ActorType.DEVICE, "ade-serial:" + machine.serialNumber());
        Optional<Registration> registration = devices.find(tenant.tenantId(), machine.serialNumber());
        if (registration.isEmpty() || registration.get().removed()) {
            AdeEnrollmentRefusal reason = registration.isEmpty()
                    ? AdeEnrollmentRefusal.UNKNOWN_SERIAL : AdeEnrollmentRefusal.REMOVED_FROM_ABM;
            record(tenant, machine, reason, null);
            throw new Refusal(Refusal.Kind.FORBIDDEN, "unknown-ade-device", registration.isEmpty()
                    ? "This device is not assigned to the organisation's MDM server in Apple Business Manager."
                    : "This device was removed from the organisation's MDM server in Apple Business Manager.",
                    Map.of("serialNumber", machine.serialNumber()));
        }
        Optional<String> required = minimumFor(tenant, machine.platform())
                .filter(minimum -> OsVersion.parse(machine.osVersion()).isBelow(OsVersion.parse(minimum)));
        required.ifPresent(minimum -> record(tenant, machine, AdeEnrollmentRefusal.OS_BELOW_MINIMUM, minimum));
        return required;
    }

    /** A new ADE entry for the admitted device and its signed enrollment profile. */
    public byte[] enroll(TenantEntry tenant, AdeMachineInfo machine, UserId userId) {
        if (pushCertificates.topicOf(tenant.tenantId()).isEmpty()) {
            throw Refusal.conflict("no-push-certificate", "The organisation has no MDM push certificate installed yet.");
        }
        HardwareIdentity identity = new HardwareIdentity(machine.serialNumber(), machine.udid(), null, null);
        return transaction.execute(status -> {
            DeviceId deviceId = enrollments.start(tenant.tenantId(), userId, new DeviceEnrollments.Request(
                    machine.platform(), machine.osVersion(), EnrollmentMethod.ADE, identity, null)).deviceId();
            RequestActor.actingAs(ActorType.DEVICE, deviceId.toString());
            return profiles.download(tenant, deviceId, userId, null);
        });
    }

    private Optional<String> minimumFor(TenantEntry tenant, Platform platform) {
        MinimumOs minimum = minimums.of(tenant.tenantId());
        return Optional.ofNullable(platform == Platform.MACOS ? minimum.macos() : minimum.ios());
    }

    private void record(TenantEntry tenant, AdeMachineInfo machine, AdeEnrollmentRefusal reason, String required) {
        commands.sendAndWait(new RecordAdeEnrollmentRefusal(tenant.tenantId(), machine.serialNumber(),
                machine.product(), machine.osVersion(), reason, required));
    }
}
