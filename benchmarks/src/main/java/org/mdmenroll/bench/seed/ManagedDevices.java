package org.mdmenroll.bench.seed;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.events.user.EnrollmentPinAccepted;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.events.user.UserPasswordSet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Generates the lives of managed Apple devices of one tenant, in the services' stored form, as the
 * real flow leaves them once the device has connected: the user is created, invited and logs in
 * with a PIN (five User events); the device starts enrolling, downloads its profile, gets its
 * identity certificate over SCEP, authenticates, sends its push token and is enrolled, which queues
 * DeviceInformation and SecurityInfo and pushes; it then connects and answers both (fifteen Device
 * events). Each device also comes out as a {@link Device} for the command side's lookup rows.
 */
public final class ManagedDevices {

    /** Events per seeded device: six of its user and fifteen of the device. */
    public static final int EVENTS_PER_DEVICE = 21;

    private static final String UNUSABLE_HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuuJm0E4.J1HOlLKVQm7V7fXSnxpbNb5qW";
    private static final List<String> INVENTORY_QUERIES = List.of("DeviceName", "Model", "ModelName", "ProductName",
            "OSVersion", "BuildVersion", "SerialNumber", "UDID", "IMEI", "MEID", "DeviceCapacity",
            "AvailableDeviceCapacity", "IsSupervised", "IsActivationLockEnabled", "WiFiMAC", "BluetoothMAC");

    /** One seeded device as the command side's lookup tables know it. */
    public record Device(UUID deviceId, UUID userId, String email, Platform platform, String osVersion, String udid,
                         String serial, String fingerprint, String certificateSerial, Instant certificateNotAfter,
                         String challengeHash, UUID profileId, String sealedToken, String sealedPushMagic,
                         Instant startedAt) {
    }

    private final StoredEvents events;
    private final Random random;
    private final TenantId tenantId;
    private final String slug;
    private final String admin;
    private final String topic;
    private long made;

    /** Devices of the tenant {@code slug}, invited by its {@code admin} account, pushed on {@code topic}. */
    public ManagedDevices(long seed, Instant start, UUID tenantId, String slug, String admin, String topic) {
        this.random = new Random(seed);
        this.events = new StoredEvents(random, start);
        this.tenantId = new TenantId(tenantId);
        this.slug = slug;
        this.admin = admin;
        this.topic = topic;
    }

    /** Emits {@code count} devices' events to {@code eventSink} and each device to {@code deviceSink}. */
    public void generate(long count, Consumer<StoredEvent> eventSink, Consumer<Device> deviceSink) {
        for (long i = 0; i < count; i++) {
            deviceSink.accept(live(eventSink));
        }
    }

    private Device live(Consumer<StoredEvent> sink) {
        long n = made++;
        UserId user = UserId.random();
        DeviceId device = DeviceId.random();
        String email = "seeded-" + n + "@" + slug + ".example.com";
        String u = user.toString();
        Map<String, String> byAdmin = events.metadata("ACCOUNT", admin);
        Map<String, String> byUser = events.metadata("USER", u);
        Instant expiry = events.clock().plus(Duration.ofDays(7));
        sink.accept(events.event(u, 0, "User", new LocalUserCreated(user, tenantId, email, "Seeded user " + n),
                byAdmin));
        sink.accept(events.event(u, 1, "User", new UserPasswordSet(user, tenantId, UNUSABLE_HASH), byAdmin));
        sink.accept(events.event(u, 2, "User", new UserInvited(user, tenantId, InvitationId.random(),
                "https://" + slug + ".bench.example.com/t/" + slug + "/go?v=1", true, expiry), byAdmin));
        sink.accept(events.event(u, 3, "User", new EnrollmentPinIssued(user, tenantId, UNUSABLE_HASH, expiry, 5),
                byAdmin));
        sink.accept(events.event(u, 4, "User", new EnrollmentPinAccepted(user, tenantId), byUser));
        sink.accept(events.event(u, 5, "User", new EnrollmentSessionStarted(user, tenantId, events.hex(32),
                events.clock().plusSeconds(1800), false), byUser));

        boolean mac = random.nextInt(4) == 0;
        Platform platform = mac ? Platform.MACOS : Platform.IOS;
        String osVersion = mac ? "14.4" : "17.4";
        String serial = (mac ? "C02" : "F") + events.hex(5).toUpperCase(Locale.ROOT);
        String udid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        String d = device.toString();
        Instant startedAt = events.clock();
        sink.accept(events.event(d, 0, "Device", new EnrollmentStarted(device, tenantId, user, platform, osVersion,
                EnrollmentMethod.IN_APP, HardwareIdentity.UNKNOWN, null), byUser));
        UUID profileId = UUID.randomUUID();
        String challengeHash = events.hex(32);
        sink.accept(events.event(d, 1, "Device", new EnrollmentProfileDownloaded(device, tenantId, profileId,
                events.clock().plus(Duration.ofHours(6)), challengeHash), byUser));
        // SCEP records the device as the actor; check-in and connect calls as anonymous, as the services do.
        Map<String, String> byDevice = events.metadata("DEVICE", d);
        String fingerprint = events.hex(32);
        String certificateSerial = events.hex(16);
        Instant notAfter = events.clock().plus(Duration.ofDays(365));
        sink.accept(events.event(d, 2, "Device", new IdentityCertificateIssued(device, tenantId, certificateSerial,
                fingerprint, notAfter, false), byDevice));
        String model = mac ? "Mac14,2" : "iPhone15,2";
        String name = (mac ? "Mac " : "iPhone ") + n;
        sink.accept(events.event(d, 3, "Device", new DeviceAuthenticated(device, tenantId, udid, null, serial, model,
                mac ? "MacBook Air" : "iPhone", model, osVersion, "21E219", name), anonymous()));
        // The sizes of the real sealed values: push token, PushMagic, unlock token, the two commands.
        String sealedToken = events.sealed(87);
        String sealedPushMagic = events.sealed(42);
        Map<String, String> tokenUpdate = anonymous();
        sink.accept(events.event(d, 4, "Device", new MdmPushTokenUpdated(device, tenantId, null, topic, sealedToken,
                sealedPushMagic, events.sealed(57), false), tokenUpdate));
        sink.accept(events.event(d, 5, "Device", new DeviceEnrolled(device, tenantId, null, false, topic), tokenUpdate));
        String information = commandUuid();
        String security = commandUuid();
        sink.accept(events.event(d, 6, "Device", new MdmCommandQueued(device, tenantId, information,
                "DeviceInformation", MdmChannel.DEVICE, MdmCommandPurpose.INVENTORY,
                Map.of("Queries", String.join(",", INVENTORY_QUERIES)), events.sealed(825)), tokenUpdate));
        sink.accept(events.event(d, 7, "Device", new MdmCommandQueued(device, tenantId, security, "SecurityInfo",
                MdmChannel.DEVICE, MdmCommandPurpose.INVENTORY, Map.of(), events.sealed(255)), tokenUpdate));
        Map<String, String> byDeadline = events.metadata("SYSTEM", "deadline");
        byDeadline.put("cause", "deadline:mdm-command-push");
        sink.accept(events.event(d, 8, "Device", new MdmPushSent(device, tenantId, topic,
                UUID.randomUUID().toString()), byDeadline));
        Map<String, String> connect = anonymous();
        sink.accept(events.event(d, 9, "Device", new MdmCommandSent(device, tenantId, information,
                "DeviceInformation", 1), connect));
        connect = anonymous();
        sink.accept(events.event(d, 10, "Device", new MdmCommandAcknowledged(device, tenantId, information,
                "DeviceInformation", Map.of()), connect));
        sink.accept(events.event(d, 11, "Device", new DeviceInformationReported(device, tenantId, information,
                inventory(mac, name, serial, udid)), connect));
        sink.accept(events.event(d, 12, "Device", new MdmCommandSent(device, tenantId, security, "SecurityInfo", 1),
                connect));
        connect = anonymous();
        sink.accept(events.event(d, 13, "Device", new MdmCommandAcknowledged(device, tenantId, security,
                "SecurityInfo", Map.of()), connect));
        sink.accept(events.event(d, 14, "Device", new SecurityInfoReported(device, tenantId, security,
                new DeviceSecurity(true, true, 3, mac ? Boolean.TRUE : null, mac ? Boolean.TRUE : null, null)),
                connect));
        return new Device(device.value(), user.value(), email, platform, osVersion, udid, serial, fingerprint,
                certificateSerial, notAfter, challengeHash, profileId, sealedToken, sealedPushMagic, startedAt);
    }

    private Map<String, String> anonymous() {
        return events.metadata("ANONYMOUS", "anonymous");
    }

    private DeviceInventory inventory(boolean mac, String name, String serial, String udid) {
        return new DeviceInventory(name, mac ? "Z15S" : "MTLT3J/A",
                mac ? "MacBook Air" : "iPhone", mac ? "Mac14,2" : "iPhone15,2", mac ? "14.4" : "17.4", "21E219", serial,
                udid, mac ? null : "35 " + events.hex(3) + " " + events.hex(3), null, 128.0, 40.0 + random.nextInt(80),
                false, true, mac(), mac());
    }

    private String mac() {
        String hex = events.hex(6);
        return String.join(":", hex.substring(0, 2), hex.substring(2, 4), hex.substring(4, 6), hex.substring(6, 8),
                hex.substring(8, 10), hex.substring(10, 12));
    }

    private static String commandUuid() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
