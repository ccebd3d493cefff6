package org.mdmenroll.bench.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.events.user.EnrollmentPinAccepted;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.support.axon.MessageSerialization;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Generates the events of device lives in the services' stored form (the services' own event
 * records, serialised by their message mapper, with the audit metadata commands give them). A life
 * is ten events: a user is created, invited with a PIN and logs in with it (five User events), and
 * their iPhone or Mac starts enrolling, downloads the profile, authenticates, sends its push token
 * and is enrolled (five Device events; one in ten is cancelled during install instead). Lives are
 * spread round-robin over tenants of {@code livesPerTenant} lives, each tenant starting with
 * TenantCreated and its admin's AccountCreated, so tenants interleave as they do in a real store.
 */
public final class DeviceLives {

    /** A SHA-256 (hex) standing in for each seeded download's one-time SCEP challenge. */
    private static final String CHALLENGE_HASH = "5e".repeat(32);

    /** A bcrypt hash of nothing anyone knows: seeded PINs and admins are never used to log in. */
    private static final String UNUSABLE_HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuuJm0E4.J1HOlLKVQm7V7fXSnxpbNb5qW";

    private final JsonMapper json = MessageSerialization.messageMapper();
    private final Random random;
    private final int livesPerTenant;
    private Instant clock;

    public DeviceLives(long seed, int livesPerTenant, Instant start) {
        this.random = new Random(seed);
        this.livesPerTenant = livesPerTenant;
        this.clock = start;
    }

    /** Emits about {@code count} events (whole lives, and the tenants they need; never more than count). */
    public void generate(long count, Consumer<StoredEvent> sink) {
        long lives = Math.max(1, count / 10);
        int tenantCount = (int) Math.max(1, (lives + livesPerTenant - 1) / livesPerTenant);
        List<Tenant> tenants = new ArrayList<>();
        long emitted = 0;
        for (int t = 0; t < tenantCount && emitted + 2 <= count; t++) {
            Tenant tenant = new Tenant(TenantId.random(), "seed-" + UUID.randomUUID().toString().substring(0, 12));
            tenants.add(tenant);
            emitted += tenant.create(sink);
        }
        for (long life = 0; emitted + 10 <= count; life++) {
            emitted += live(tenants.get((int) (life % tenants.size())), sink);
        }
    }

    private final class Tenant {
        final TenantId id;
        final String slug;
        final String admin;

        Tenant(TenantId id, String slug) {
            this.id = id;
            this.slug = slug;
            this.admin = slug + "-admin";
        }

        int create(Consumer<StoredEvent> sink) {
            Map<String, String> operator = metadata("ACCOUNT", "bench-operator");
            sink.accept(event(id.toString(), 0, "Tenant", new TenantCreated(id, slug, slug, slug + ".seed.example.com",
                    EnrollmentSettings.DEFAULTS), operator));
            AccountId account = AccountId.random();
            sink.accept(event(account.toString(), 0, "Account", new AccountCreated(account, admin, Role.ADMIN, id,
                    UNUSABLE_HASH), operator));
            return 2;
        }
    }

    private int live(Tenant tenant, Consumer<StoredEvent> sink) {
        UserId user = UserId.random();
        DeviceId device = DeviceId.random();
        String email = "user-" + user.value().toString().substring(0, 8) + "@" + tenant.slug + ".example.com";
        Map<String, String> byAdmin = metadata("ACCOUNT", tenant.admin);
        Map<String, String> byUser = metadata("USER", user.toString());
        String u = user.toString();
        Instant expiry = clock.plus(Duration.ofDays(7));
        sink.accept(event(u, 0, "User", new LocalUserCreated(user, tenant.id, email, "User " + email.substring(5, 13)),
                byAdmin));
        sink.accept(event(u, 1, "User", new UserInvited(user, tenant.id, InvitationId.random(),
                "https://" + tenant.slug + ".seed.example.com/t/" + tenant.slug + "/go?v=1", true, expiry), byAdmin));
        sink.accept(event(u, 2, "User", new EnrollmentPinIssued(user, tenant.id, UNUSABLE_HASH, expiry, 5), byAdmin));
        sink.accept(event(u, 3, "User", new EnrollmentPinAccepted(user, tenant.id), byUser));
        sink.accept(event(u, 4, "User", new EnrollmentSessionStarted(user, tenant.id, hex(32), clock.plusSeconds(1800),
                false), byUser));

        boolean mac = random.nextInt(4) == 0;
        boolean accountDriven = random.nextInt(20) == 0;
        String serial = (mac ? "C02" : "F") + hex(5).toUpperCase();
        String udid = UUID.randomUUID().toString().toUpperCase();
        String d = device.toString();
        String topic = "com.apple.mgmt.External." + tenant.id;
        sink.accept(event(d, 0, "Device", new EnrollmentStarted(device, tenant.id, user,
                mac ? Platform.MACOS : Platform.IOS, mac ? "14.4" : "17.4",
                accountDriven ? EnrollmentMethod.ACCOUNT_DRIVEN : EnrollmentMethod.IN_APP,
                HardwareIdentity.UNKNOWN, null), byUser));
        sink.accept(event(d, 1, "Device", new EnrollmentProfileDownloaded(device, tenant.id, UUID.randomUUID(),
                clock.plusSeconds(300), CHALLENGE_HASH), byUser));
        Map<String, String> byDevice = metadata("DEVICE", d);
        sink.accept(event(d, 2, "Device", new DeviceAuthenticated(device, tenant.id, udid, null, serial,
                mac ? "Mac14,2" : "iPhone15,2", mac ? "MacBook Air" : "iPhone", mac ? "Mac14,2" : "iPhone15,2",
                mac ? "14.4" : "17.4", "21E219", (mac ? "Mac" : "iPhone") + " of " + email), byDevice));
        sink.accept(event(d, 3, "Device", new MdmPushTokenUpdated(device, tenant.id, null, topic, sealed(96),
                sealed(48), sealed(160)), byDevice));
        sink.accept(event(d, 4, "Device", random.nextInt(10) == 0
                ? new EnrollmentProfileInstallCancelled(device, tenant.id)
                : new DeviceEnrolled(device, tenant.id, null, accountDriven, topic), byDevice));
        return 10;
    }

    private Map<String, String> metadata(String actorType, String actor) {
        String trace = UUID.randomUUID().toString();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("actor", actor);
        metadata.put("traceId", trace);
        metadata.put("actorType", actorType);
        metadata.put("correlationId", trace);
        metadata.put("requestId", UUID.randomUUID().toString());
        return metadata;
    }

    private StoredEvent event(String aggregateId, long sequence, String aggregateType, Object payload,
            Map<String, String> metadata) {
        clock = clock.plusMillis(1 + random.nextInt(3000));
        try {
            return new StoredEvent(UUID.randomUUID().toString(), aggregateId, sequence, aggregateType, clock.toString(),
                    payload.getClass().getName(), json.writeValueAsBytes(payload), json.writeValueAsBytes(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        StringBuilder text = new StringBuilder();
        for (byte b : value) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }

    /** Looks like a SecretBox-sealed value (purpose-bound AES-GCM, base64); nothing reads it back here. */
    private String sealed(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return "v1:" + Base64.getEncoder().encodeToString(value);
    }

    public Instant clock() {
        return clock;
    }
}
