package org.mdmenroll.bench.seed;

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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private final StoredEvents events;
    private final Random random;
    private final int livesPerTenant;

    public DeviceLives(long seed, int livesPerTenant, Instant start) {
        this.random = new Random(seed);
        this.events = new StoredEvents(random, start);
        this.livesPerTenant = livesPerTenant;
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
            Map<String, String> operator = events.metadata("ACCOUNT", "bench-operator");
            sink.accept(events.event(id.toString(), 0, "Tenant", new TenantCreated(id, slug, slug, slug + ".seed.example.com",
                    EnrollmentSettings.DEFAULTS), operator));
            AccountId account = AccountId.random();
            sink.accept(events.event(account.toString(), 0, "Account", new AccountCreated(account, admin, Role.ADMIN, id,
                    UNUSABLE_HASH), operator));
            return 2;
        }
    }

    private int live(Tenant tenant, Consumer<StoredEvent> sink) {
        UserId user = UserId.random();
        DeviceId device = DeviceId.random();
        String email = "user-" + user.value().toString().substring(0, 8) + "@" + tenant.slug + ".example.com";
        Map<String, String> byAdmin = events.metadata("ACCOUNT", tenant.admin);
        Map<String, String> byUser = events.metadata("USER", user.toString());
        String u = user.toString();
        Instant expiry = events.clock().plus(Duration.ofDays(7));
        sink.accept(events.event(u, 0, "User", new LocalUserCreated(user, tenant.id, email, "User " + email.substring(5, 13)),
                byAdmin));
        sink.accept(events.event(u, 1, "User", new UserInvited(user, tenant.id, InvitationId.random(),
                "https://" + tenant.slug + ".seed.example.com/t/" + tenant.slug + "/go?v=1", true, expiry), byAdmin));
        sink.accept(events.event(u, 2, "User", new EnrollmentPinIssued(user, tenant.id, UNUSABLE_HASH, expiry, 5), byAdmin));
        sink.accept(events.event(u, 3, "User", new EnrollmentPinAccepted(user, tenant.id), byUser));
        sink.accept(events.event(u, 4, "User", new EnrollmentSessionStarted(user, tenant.id, events.hex(32),
                events.clock().plusSeconds(1800), false), byUser));

        boolean mac = random.nextInt(4) == 0;
        boolean accountDriven = random.nextInt(20) == 0;
        String serial = (mac ? "C02" : "F") + events.hex(5).toUpperCase();
        String udid = UUID.randomUUID().toString().toUpperCase();
        String d = device.toString();
        String topic = "com.apple.mgmt.External." + tenant.id;
        sink.accept(events.event(d, 0, "Device", new EnrollmentStarted(device, tenant.id, user,
                mac ? Platform.MACOS : Platform.IOS, mac ? "14.4" : "17.4",
                accountDriven ? EnrollmentMethod.ACCOUNT_DRIVEN : EnrollmentMethod.IN_APP,
                HardwareIdentity.UNKNOWN, null), byUser));
        sink.accept(events.event(d, 1, "Device", new EnrollmentProfileDownloaded(device, tenant.id, UUID.randomUUID(),
                events.clock().plusSeconds(300), CHALLENGE_HASH), byUser));
        Map<String, String> byDevice = events.metadata("DEVICE", d);
        sink.accept(events.event(d, 2, "Device", new DeviceAuthenticated(device, tenant.id, udid, null, serial,
                mac ? "Mac14,2" : "iPhone15,2", mac ? "MacBook Air" : "iPhone", mac ? "Mac14,2" : "iPhone15,2",
                mac ? "14.4" : "17.4", "21E219", (mac ? "Mac" : "iPhone") + " of " + email), byDevice));
        sink.accept(events.event(d, 3, "Device", new MdmPushTokenUpdated(device, tenant.id, null, topic, events.sealed(96),
                events.sealed(48), events.sealed(160), false), byDevice));
        sink.accept(events.event(d, 4, "Device", random.nextInt(10) == 0
                ? new EnrollmentProfileInstallCancelled(device, tenant.id)
                : new DeviceEnrolled(device, tenant.id, null, accountDriven, topic), byDevice));
        return 10;
    }

    public Instant clock() {
        return events.clock();
    }
}
