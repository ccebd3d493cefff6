package org.mdmenroll.query.device;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device read models on a real PostgreSQL: device and user events appended to the event store
 * exactly as the command side would append them reach the devices projection, and the REST queries
 * (device list, one device, Android entries by hardware) answer per tenant, filtered, sorted and paged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceQueriesIntegrationTest extends QuerySideTest {

    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(20);

    private final Map<DeviceId, TenantId> tenantOf = new HashMap<>();
    private final Map<DeviceId, Platform> platformOf = new HashMap<>();
    private final Map<DeviceId, EnrollmentMethod> methodOf = new HashMap<>();
    private final Map<DeviceId, UUID> profileOf = new HashMap<>();
    private final Map<DeviceId, Instant> lastEventOf = new HashMap<>();
    private final Map<TenantId, DeviceId> lastTouched = new HashMap<>();
    private Instant lastAppendMillis = Instant.EPOCH;

    private final String admin = "admin-" + run;
    private final String auditor = "auditor-" + run;
    private final String globexAdmin = "globex-admin-" + run;
    private final String operator = "op-" + run;
    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final UserId joe = UserId.random();
    private final UserId ann = UserId.random();
    private final UserId zoe = UserId.random();
    private final UserId globexUser = UserId.random();

    @BeforeEach
    void tenantsAccountsAndUsers() {
        tenant(acme, "acme-" + run);
        tenant(globex, "globex-" + run);
        account(operator, Role.OPERATOR, null);
        account(admin, Role.ADMIN, acme);
        account(auditor, Role.AUDITOR, acme);
        account(globexAdmin, Role.ADMIN, globex);
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "Joe Bloggs"));
        append("User", ann, new LdapUserImported(ann, acme, "cn=ann,dc=acme", "ann@acme.example.com", "Ann Other"));
        append("User", zoe, new LocalUserCreated(zoe, acme, "zoe@acme.example.com", "Zoe Quinn"));
        append("User", globexUser, new LocalUserCreated(globexUser, globex, "gus@globex.example.com", "Gus Globex"));
        awaitSignIn(operator, admin, auditor, globexAdmin);
    }

    // ---------------------------------------------------------------- 1. happy path per platform

    @Test
    void eachPlatformEnrollsToActiveWithItsDetails() {
        DeviceId iphone = start(acme, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                new HardwareIdentity("f2lxjoe1", "00008101-000a1b2c3d4e5f6a", null, null));
        download(iphone);
        enroll(iphone, null);
        DeviceId mac = start(acme, ann, Platform.MACOS, "14.4", EnrollmentMethod.PORTAL,
                new HardwareIdentity("C02ANNMAC1", "4A1B2C3D-1111-2222-3333-444455556666", null, null));
        download(mac);
        enroll(mac, "ann.other");
        DeviceId pixel = start(acme, zoe, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE,
                new HardwareIdentity("zoepixel01", null, "356938035643809", "esid-Zoe-Pixel-8"));
        enroll(pixel, null);
        awaitProjected(acme);

        JsonNode list = page("/api/devices", admin);
        assertThat(list.path("items")).hasSize(3);
        assertThat(list.has("nextCursor")).isFalse();
        Map<String, JsonNode> byId = new HashMap<>();
        list.path("items").forEach(item -> byId.put(item.path("deviceId").asText(), item));

        JsonNode iphoneView = byId.get(iphone.toString());
        assertActive(iphoneView, iphone, joe, "joe@acme.example.com", "Joe Bloggs", "IOS", "17.4", "INVITATION");
        assertThat(iphoneView.path("serialNumber").asText()).isEqualTo("F2LXJOE1");
        assertThat(iphoneView.path("udid").asText()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(iphoneView.has("imei")).isFalse();
        assertThat(iphoneView.path("hardwareId").asText()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(iphoneView.path("pushChannel").asText()).isEqualTo("APNS");
        assertThat(iphoneView.has("profileValidUntil")).isTrue();
        assertThat(iphoneView.has("enrolledUser")).isFalse();
        assertThat(iphoneView.path("accountDriven").asBoolean()).isFalse();

        JsonNode macView = byId.get(mac.toString());
        assertActive(macView, mac, ann, "ann@acme.example.com", "Ann Other", "MACOS", "14.4", "PORTAL");
        assertThat(macView.path("enrolledUser").asText()).isEqualTo("ann.other");
        assertThat(macView.path("serialNumber").asText()).isEqualTo("C02ANNMAC1");
        assertThat(macView.path("udid").asText()).isEqualTo("4A1B2C3D-1111-2222-3333-444455556666");

        JsonNode pixelView = byId.get(pixel.toString());
        assertActive(pixelView, pixel, zoe, "zoe@acme.example.com", "Zoe Quinn", "ANDROID", "14", "QR_CODE");
        assertThat(pixelView.path("serialNumber").asText()).isEqualTo("ZOEPIXEL01");
        assertThat(pixelView.path("imei").asText()).isEqualTo("356938035643809");
        assertThat(pixelView.path("enterpriseSpecificId").asText()).isEqualTo("esid-Zoe-Pixel-8");
        assertThat(pixelView.path("hardwareId").asText()).isEqualTo("esid-Zoe-Pixel-8");
        assertThat(pixelView.path("pushChannel").asText()).isEqualTo("FCM");
        assertThat(pixelView.has("udid")).isFalse();
        assertThat(pixelView.has("profileValidUntil")).isFalse();

        JsonNode one = get("/api/devices/" + mac, admin).getBody();
        assertThat(one.path("deviceId").asText()).isEqualTo(mac.toString());
        assertThat(one.path("tenantId").asText()).isEqualTo(acme.toString());
        assertThat(one.path("enrolledUser").asText()).isEqualTo("ann.other");
        assertThat(one.path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anAdeDeviceEnrolledWithoutAUserShowsWithNoOwnerAndIsNotAnyUsers() {
        DeviceId ipad = start(acme, null, Platform.IOS, "18.4", EnrollmentMethod.ADE,
                new HardwareIdentity("DMPADE00001", "00008103-001122334455667A", null, null));
        download(ipad);
        enroll(ipad, null);
        awaitProjected(acme);

        JsonNode view = get("/api/devices/" + ipad, admin).getBody();
        assertThat(view.path("method").asText()).isEqualTo("ADE");
        assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.path("serialNumber").asText()).isEqualTo("DMPADE00001");
        assertThat(view.has("user")).as(view.toString()).isFalse();
        assertThat(page("/api/devices?method=ADE", admin).path("items")).extracting(item -> item.path("deviceId").asText())
                .containsExactly(ipad.toString());
        assertThat(page("/api/devices?userId=" + joe, admin).path("items"))
                .noneMatch(item -> item.path("deviceId").asText().equals(ipad.toString()));
    }

    @Test
    void aMacCheckingInShowsWhatItReportsItsUserAndItsLastMdmPush() {
        DeviceId mac = start(acme, ann, Platform.MACOS, "14.0", EnrollmentMethod.ACCOUNT_DRIVEN, HardwareIdentity.UNKNOWN);
        download(mac);
        device(mac, new DeviceAuthenticated(mac, acme, "4a1b2c3d-9999-2222-3333-444455556666", null, "c02annmac9",
                "Mac14,2", "MacBook Air", "Mac14,2", "14.4.1", "23E224", "Ann's MacBook Air"));
        device(mac, new MdmPushTokenUpdated(mac, acme, null, "com.apple.mgmt.External." + run, "s", "s", null, false));
        enroll(mac, null);
        device(mac, new DeviceUserChannelEnrolled(mac, acme, "A1B2C3D4-0000-4000-8000-000000000002", "ann", "Ann Other"));
        device(mac, new MdmPushFailed(mac, acme, "push-certificate-expired", "expired"));
        awaitProjected(acme);

        JsonNode view = get("/api/devices/" + mac, admin).getBody();
        assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.path("udid").asText()).isEqualTo("4A1B2C3D-9999-2222-3333-444455556666");
        assertThat(view.path("serialNumber").asText()).isEqualTo("C02ANNMAC9");
        assertThat(view.path("hardwareId").asText()).isEqualTo("4A1B2C3D-9999-2222-3333-444455556666");
        assertThat(view.path("osVersion").asText()).isEqualTo("14.4.1");
        assertThat(view.path("model").asText()).isEqualTo("Mac14,2");
        assertThat(view.path("deviceName").asText()).isEqualTo("Ann's MacBook Air");
        assertThat(view.path("enrolledUser").asText()).isEqualTo("ann");
        assertThat(view.path("accountDriven").asBoolean()).isTrue();
        assertThat(view.path("lastMdmPush").asText()).isEqualTo("push-certificate-expired");
        assertThat(view.has("lastMdmPushAt")).isTrue();
        assertThat(page("/api/devices?q=c02annmac9", admin).path("items")).hasSize(1);
    }

    @Test
    void theIdentityCertificateAndScepRefusalsShow() {
        DeviceId iphone = start(acme, ann, Platform.IOS, "17.4", EnrollmentMethod.IN_APP, HardwareIdentity.UNKNOWN);
        download(iphone);
        device(iphone, new IdentityCertificateRefused(iphone, acme, IdentityCertificateRefusal.PROFILE_EXPIRED));
        awaitProjected(acme);
        JsonNode refused = get("/api/devices/" + iphone, admin).getBody();
        assertThat(refused.path("lastStep").asText()).isEqualTo("CERTIFICATE_REFUSED");
        assertThat(refused.path("identityCertificateRefused").asText()).isEqualTo("PROFILE_EXPIRED");
        assertThat(refused.has("identityCertificateNotAfter")).isFalse();

        Instant notAfter = Instant.parse("2027-11-22T10:00:00Z");
        device(iphone, new IdentityCertificateIssued(iphone, acme, "5d3c", "ab".repeat(32), notAfter, false));
        awaitProjected(acme);
        JsonNode issued = get("/api/devices/" + iphone, admin).getBody();
        assertThat(issued.path("lastStep").asText()).isEqualTo("CERTIFICATE_ISSUED");
        assertThat(Instant.parse(issued.path("identityCertificateNotAfter").asText())).isEqualTo(notAfter);
        assertThat(issued.has("identityCertificateRefused")).isFalse();
        assertThat(issued.path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void aDeviceShowsHowOftenItWasNudgedTheLastNudgeAndWhyTheyStopped() {
        DeviceId iphone = start(acme, joe, Platform.IOS, "17.4", EnrollmentMethod.IN_APP, serial("f2lnudge1"));
        download(iphone);
        awaitProjected(acme);
        JsonNode fresh = get("/api/devices/" + iphone, admin).getBody();
        assertThat(fresh.path("nudgeCount").asInt()).isZero();
        assertThat(fresh.has("lastNudgeAt")).isFalse();

        device(iphone, new EnrollmentNudgeSent(iphone, acme, 1, PushChannel.Type.APNS));
        device(iphone, new EnrollmentNudgeSent(iphone, acme, 2, PushChannel.Type.APNS));
        awaitProjected(acme);
        JsonNode nudged = get("/api/devices/" + iphone, admin).getBody();
        assertThat(nudged.path("nudgeCount").asInt()).isEqualTo(2);
        assertThat(instant(nudged, "lastNudgeAt")).isEqualTo(instant(nudged, "lastEventAt"));
        assertThat(nudged.has("nudgesStopped")).isFalse();
        assertThat(nudged.path("status").asText()).isEqualTo("PENDING");
        assertThat(nudged.path("lastStep").asText()).as("a nudge is no step of the enrollment")
                .isEqualTo("PROFILE_DOWNLOADED");

        enroll(iphone, null);
        device(iphone, new EnrollmentNudgesStopped(iphone, acme, EnrollmentNudgesStopped.Reason.ENROLLED, 2, null));
        awaitProjected(acme);
        JsonNode enrolled = get("/api/devices/" + iphone, admin).getBody();
        assertThat(enrolled.path("nudgeCount").asInt()).isEqualTo(2);
        assertThat(enrolled.path("nudgesStopped").asText()).isEqualTo("ENROLLED");
        assertThat(enrolled.path("status").asText()).isEqualTo("ACTIVE");
    }

    private void assertActive(JsonNode view, DeviceId deviceId, UserId user, String email, String name,
            String platform, String osVersion, String method) {
        assertThat(view).as("entry %s", deviceId).isNotNull();
        assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.path("lastStep").asText()).isEqualTo("ENROLLED");
        assertThat(view.path("user").path("userId").asText()).isEqualTo(user.toString());
        assertThat(view.path("user").path("email").asText()).isEqualTo(email);
        assertThat(view.path("user").path("displayName").asText()).isEqualTo(name);
        assertThat(view.path("platform").asText()).isEqualTo(platform);
        assertThat(view.path("osVersion").asText()).isEqualTo(osVersion);
        assertThat(view.path("method").asText()).isEqualTo(method);
        Instant startedAt = instant(view, "startedAt");
        Instant enrolledAt = instant(view, "enrolledAt");
        Instant lastEventAt = instant(view, "lastEventAt");
        assertThat(enrolledAt).isAfterOrEqualTo(startedAt);
        assertThat(lastEventAt).isEqualTo(enrolledAt);
        assertThat(lastEventAt).isAfterOrEqualTo(lastEventOf.get(deviceId).truncatedTo(ChronoUnit.MILLIS));
    }

    // ---------------------------------------------------------------- 2. every status

    @Test
    void everyStatusAndStepShows() {
        DeviceId pending = start(acme, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION, serial("ST-PENDING"));
        DeviceId downloaded = start(acme, joe, Platform.IOS, "17.4", EnrollmentMethod.PORTAL, serial("ST-DOWNLOADED"));
        download(downloaded);
        DeviceId expired = start(acme, joe, Platform.MACOS, "14.1", EnrollmentMethod.PORTAL, serial("ST-EXPIRED"));
        download(expired);
        expire(expired);
        DeviceId cancelled = start(acme, ann, Platform.IOS, "16.7", EnrollmentMethod.INVITATION, serial("ST-CANCELLED"));
        download(cancelled);
        cancel(cancelled);
        DeviceId retired = enrolledApple(acme, ann, Platform.IOS, "17.0", EnrollmentMethod.IN_APP, "ST-RETIRED");
        retire(retired);
        DeviceId checkedOut = enrolledApple(acme, ann, Platform.IOS, "17.0", EnrollmentMethod.IN_APP, "ST-CHECKEDOUT");
        checkOut(checkedOut);
        HardwareIdentity galaxy = new HardwareIdentity("ST-GALAXY", null, "490154203237518", null);
        DeviceId oldAndroid = start(acme, zoe, Platform.ANDROID, "11", EnrollmentMethod.QR_CODE, galaxy);
        enroll(oldAndroid, null);
        DeviceId newAndroid = start(acme, zoe, Platform.ANDROID, "11", EnrollmentMethod.IN_APP, galaxy);
        enroll(newAndroid, null);
        supersede(oldAndroid, newAndroid);
        manualCaRemoved(newAndroid);
        DeviceId wiped = enrolledApple(acme, zoe, Platform.IOS, "17.1", EnrollmentMethod.INVITATION, "ST-WIPED");
        wipe(wiped);
        DeviceId reset = enrolledApple(acme, zoe, Platform.MACOS, "14.2", EnrollmentMethod.PORTAL, "ST-RESET");
        reset(reset);
        DeviceId deleted = start(acme, zoe, Platform.ANDROID, "13", EnrollmentMethod.QR_CODE,
                new HardwareIdentity("ST-DELETED", null, "353918051234563", null));
        enroll(deleted, null);
        delete(deleted);
        DeviceId reEnrolled = enrolledApple(acme, joe, Platform.IOS, "17.2", EnrollmentMethod.INVITATION, "ST-REENROLL");
        reEnroll(reEnrolled, zoe, "17.5", EnrollmentMethod.IN_APP, serial("ST-REENROLL"));
        awaitProjected(acme);

        assertEntry(pending, "PENDING", "STARTED");
        assertThat(device(pending).has("enrolledAt")).isFalse();
        assertEntry(downloaded, "PENDING", "PROFILE_DOWNLOADED");
        assertThat(device(downloaded).has("profileValidUntil")).isTrue();
        assertEntry(expired, "PENDING", "PROFILE_EXPIRED");
        assertEntry(cancelled, "INACTIVE", "INSTALL_CANCELLED");
        assertEntry(retired, "INACTIVE", "RETIRED");
        assertEntry(checkedOut, "INACTIVE", "CHECKED_OUT");
        assertEntry(oldAndroid, "INACTIVE", "SUPERSEDED");
        assertThat(device(oldAndroid).path("supersededBy").asText()).isEqualTo(newAndroid.toString());
        assertEntry(newAndroid, "ACTIVE", "ENROLLED");
        assertThat(device(newAndroid).has("supersededBy")).isFalse();
        assertThat(device(newAndroid).has("manualCaCertificatesRemovedAt")).isTrue();
        assertEntry(wiped, "WIPED", "WIPED");
        assertEntry(reset, "RESET", "RESET");
        assertEntry(deleted, "DELETED", "DELETED");
        assertEntry(reEnrolled, "PENDING", "RE_ENROLLED");
        JsonNode reEnrolledView = device(reEnrolled);
        assertThat(reEnrolledView.path("user").path("userId").asText()).isEqualTo(zoe.toString());
        assertThat(reEnrolledView.path("user").path("email").asText()).isEqualTo("zoe@acme.example.com");
        assertThat(reEnrolledView.path("osVersion").asText()).isEqualTo("17.5");
        assertThat(reEnrolledView.path("method").asText()).isEqualTo("IN_APP");
        assertThat(reEnrolledView.path("serialNumber").asText()).isEqualTo("ST-REENROLL");
        assertThat(reEnrolledView.has("profileValidUntil")).isFalse();

        List<String> all = ids("/api/devices?limit=500", admin);
        assertThat(all).containsExactlyInAnyOrder(ids(pending, downloaded, expired, cancelled, retired, checkedOut,
                oldAndroid, newAndroid, wiped, reset, reEnrolled));
        assertThat(ids("/api/devices?status=DELETED", admin)).containsExactly(deleted.toString());
        assertThat(ids("/api/devices?status=PENDING", admin))
                .containsExactlyInAnyOrder(ids(pending, downloaded, expired, reEnrolled));
        assertThat(ids("/api/devices?status=INACTIVE", admin))
                .containsExactlyInAnyOrder(ids(cancelled, retired, checkedOut, oldAndroid));
        assertThat(ids("/api/devices?status=WIPED", admin)).containsExactly(wiped.toString());
        assertThat(ids("/api/devices?status=RESET", admin)).containsExactly(reset.toString());
        assertThat(ids("/api/devices?status=ACTIVE", admin)).containsExactly(newAndroid.toString());
        assertThat(ids("/api/devices?status=ACTIVE,DELETED", admin))
                .containsExactlyInAnyOrder(ids(newAndroid, deleted));

        JsonNode android = page("/api/android/entries", admin);
        assertThat(android.path("items")).hasSize(1);
        assertThat(android.path("items").get(0).path("hardwareId").asText()).isEqualTo("490154203237518");
        assertThat(entryIds(android.path("items").get(0))).containsExactly(ids(newAndroid, oldAndroid));
        assertThat(page("/api/android/entries?hardwareId=ST-DELETED", admin).path("items")).isEmpty();
        assertThat(page("/api/android/entries?hardwareId=353918051234563", admin).path("items")).isEmpty();
        // The Android list's cursor has one free-text key (the hardware id); garbage is still no cursor.
        assertProblem(get("/api/android/entries?cursor=garbage", admin), 400, "invalid-cursor");
        assertProblem(get("/api/android/entries?cursor=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("490154203237518".getBytes(StandardCharsets.UTF_8)), admin),
                400, "invalid-cursor");
    }

    private void assertEntry(DeviceId deviceId, String status, String lastStep) {
        ResponseEntity<JsonNode> response = get("/api/devices/" + deviceId, admin);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody().path("status").asText()).as("status of %s", deviceId).isEqualTo(status);
        assertThat(response.getBody().path("lastStep").asText()).as("last step of %s", deviceId).isEqualTo(lastStep);
    }

    // ---------------------------------------------------------------- 3. the seeds' account-driven search

    @Test
    void accountDrivenSearchReturnsOnlyActiveAccountDrivenEntries() {
        append("Tenant", acme, new AccountDrivenEnrollmentEnabled(acme, null));
        append("User", ann, new AccountDrivenEnrollmentAllowed(ann, acme, "ann@acme.mdm.example.com", null));
        DeviceId activeAccountDriven = enrolledApple(acme, ann, Platform.IOS, "17.4",
                EnrollmentMethod.ACCOUNT_DRIVEN, "AD-ACTIVE");
        DeviceId retiredAccountDriven = enrolledApple(acme, ann, Platform.IOS, "17.3",
                EnrollmentMethod.ACCOUNT_DRIVEN, "AD-RETIRED");
        retire(retiredAccountDriven);
        DeviceId pendingAccountDriven = start(acme, ann, Platform.IOS, "17.4", EnrollmentMethod.ACCOUNT_DRIVEN,
                serial("AD-PENDING"));
        DeviceId notAccountDriven = enrolledApple(acme, ann, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                "AD-NOT");
        awaitProjected(acme);

        JsonNode result = page("/api/devices?accountDriven=true&excludeRetired=true", admin);
        assertThat(idsOf(result)).containsExactly(activeAccountDriven.toString());
        JsonNode entry = result.path("items").get(0);
        assertThat(entry.path("accountDriven").asBoolean()).isTrue();
        assertThat(entry.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(entry.path("method").asText()).isEqualTo("ACCOUNT_DRIVEN");

        assertThat(ids("/api/devices?accountDriven=true", admin))
                .containsExactlyInAnyOrder(ids(activeAccountDriven, retiredAccountDriven));
        assertThat(ids("/api/devices?accountDriven=false", admin))
                .containsExactlyInAnyOrder(ids(pendingAccountDriven, notAccountDriven));
        assertThat(ids("/api/devices?excludeRetired=true", admin))
                .containsExactlyInAnyOrder(ids(activeAccountDriven, pendingAccountDriven, notAccountDriven));
    }

    // ---------------------------------------------------------------- 4. filters and tenant isolation

    @Test
    void filtersCombine() {
        Fleet f = fleet();
        awaitProjected(acme);

        assertThat(ids("/api/devices?platform=IOS", admin))
                .containsExactlyInAnyOrder(ids(f.joeIphone, f.annIpad, f.zoeIphone));
        assertThat(ids("/api/devices?platform=IOS,MACOS", admin))
                .containsExactlyInAnyOrder(ids(f.joeIphone, f.joeMac, f.annIpad, f.zoeIphone));
        assertThat(ids("/api/devices?platform=IOS&status=ACTIVE", admin))
                .containsExactlyInAnyOrder(ids(f.joeIphone, f.annIpad));
        assertThat(ids("/api/devices?status=PENDING,INACTIVE", admin))
                .containsExactlyInAnyOrder(ids(f.joeMac, f.zoePhone, f.zoeIphone));
        assertThat(ids("/api/devices?status=ACTIVE,PENDING&platform=ANDROID", admin))
                .containsExactlyInAnyOrder(ids(f.annPixel, f.zoePhone));
        assertThat(ids("/api/devices?method=IN_APP", admin))
                .containsExactlyInAnyOrder(ids(f.zoePhone, f.zoeIphone));
        assertThat(ids("/api/devices?method=IN_APP&platform=ANDROID", admin)).containsExactly(f.zoePhone.toString());
        assertThat(ids("/api/devices?method=INVITATION,ACCOUNT_DRIVEN&status=ACTIVE", admin))
                .containsExactlyInAnyOrder(ids(f.joeIphone, f.annIpad));
        assertThat(ids("/api/devices?userId=" + ann, admin))
                .containsExactlyInAnyOrder(ids(f.annIpad, f.annPixel));
        assertThat(ids("/api/devices?userId=" + ann + "&platform=ANDROID", admin))
                .containsExactly(f.annPixel.toString());
        assertThat(ids("/api/devices?userId=" + zoe + "&status=INACTIVE", admin))
                .containsExactly(f.zoeIphone.toString());
        // q: part of a serial number, an email or a display name, in any case
        assertThat(ids("/api/devices?q=f2lx", admin)).containsExactly(f.joeIphone.toString());
        assertThat(ids("/api/devices?q=JOEMAC", admin)).containsExactly(f.joeMac.toString());
        assertThat(ids("/api/devices?q=ANN@ACME", admin)).containsExactlyInAnyOrder(ids(f.annIpad, f.annPixel));
        assertThat(ids("/api/devices?q=bLoGgS", admin)).containsExactlyInAnyOrder(ids(f.joeIphone, f.joeMac));
        assertThat(ids("/api/devices?q=bloggs&status=PENDING", admin)).containsExactly(f.joeMac.toString());
        assertThat(ids("/api/devices?q=acme.example&platform=ANDROID", admin))
                .containsExactlyInAnyOrder(ids(f.annPixel, f.zoePhone));
        assertThat(ids("/api/devices?q=356938035643809", admin)).containsExactly(f.annPixel.toString());
        assertThat(ids("/api/devices?q=nobody-has-this", admin)).isEmpty();
        assertThat(ids("/api/devices?q=%25", admin)).isEmpty();
    }

    @Test
    void noTenantSeesAnotherTenantsDevices() {
        Fleet f = fleet();
        // the same hardware as ann's Pixel, enrolled in globex
        DeviceId globexPixel = start(globex, globexUser, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE,
                new HardwareIdentity("ANNPIXEL01", null, "356938035643809", "esid-ann-pixel"));
        enroll(globexPixel, null);
        DeviceId globexIphone = enrolledApple(globex, globexUser, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                "GLOBEX-IPHONE");
        awaitProjected(acme);
        awaitProjected(globex, globexAdmin);

        assertThat(ids("/api/devices?limit=500", admin)).hasSize(6).doesNotContain(ids(globexPixel, globexIphone));
        assertThat(ids("/api/devices?status=ACTIVE,PENDING,INACTIVE,WIPED,RESET,DELETED", admin))
                .doesNotContain(ids(globexPixel, globexIphone));
        assertThat(ids("/api/devices?q=globex", admin)).isEmpty();
        assertThat(ids("/api/devices?userId=" + globexUser, admin)).isEmpty();
        assertThat(ids("/api/devices", globexAdmin)).containsExactlyInAnyOrder(ids(globexPixel, globexIphone));
        assertThat(ids("/api/devices?q=acme", globexAdmin)).isEmpty();

        assertProblem(get("/api/devices/" + globexIphone, admin), 404, "unknown-device");
        assertProblem(get("/api/devices/" + f.joeIphone, globexAdmin), 404, "unknown-device");
        assertThat(get("/api/devices/" + f.joeIphone, auditor).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/api/devices/" + globexIphone, globexAdmin).getStatusCode().value()).isEqualTo(200);

        JsonNode acmeAndroid = page("/api/android/entries?hardwareId=356938035643809", admin);
        assertThat(acmeAndroid.path("items")).hasSize(1);
        assertThat(entryIds(acmeAndroid.path("items").get(0))).containsExactly(f.annPixel.toString());
        JsonNode globexAndroid = page("/api/android/entries", globexAdmin);
        assertThat(globexAndroid.path("items")).hasSize(1);
        assertThat(entryIds(globexAndroid.path("items").get(0))).containsExactly(globexPixel.toString());
        assertThat(page("/api/android/entries?hardwareId=ZOEGALAXY1", globexAdmin).path("items")).isEmpty();
    }

    // ---------------------------------------------------------------- 5. sorting and paging

    @Test
    void listsAreSortedAsAsked() {
        Fleet f = fleet();
        awaitProjected(acme);

        List<JsonNode> byDefault = items("/api/devices", admin);
        assertThat(idsOf(byDefault)).containsExactly(ids(f.zoeIphone, f.annPixel, f.annIpad, f.joeMac, f.zoePhone,
                f.joeIphone));
        assertSorted(byDefault, "lastEventAt", true);
        assertThat(idsOf(items("/api/devices?sort=-lastEventAt", admin))).isEqualTo(idsOf(byDefault));
        List<JsonNode> oldestEventFirst = items("/api/devices?sort=lastEventAt", admin);
        assertThat(idsOf(oldestEventFirst)).containsExactlyElementsOf(reversed(idsOf(byDefault)));

        List<JsonNode> byStart = items("/api/devices?sort=startedAt", admin);
        assertThat(idsOf(byStart)).containsExactly(ids(f.joeIphone, f.joeMac, f.annIpad, f.annPixel, f.zoePhone,
                f.zoeIphone));
        assertSorted(byStart, "startedAt", false);

        List<JsonNode> byEnrolment = items("/api/devices?sort=-enrolledAt", admin);
        assertThat(idsOf(byEnrolment).subList(0, 4)).containsExactly(ids(f.zoeIphone, f.annPixel, f.annIpad,
                f.joeIphone));
        assertThat(idsOf(byEnrolment).subList(4, 6)).containsExactlyInAnyOrder(ids(f.joeMac, f.zoePhone));
        assertThat(byEnrolment.subList(4, 6)).allSatisfy(item -> assertThat(item.has("enrolledAt")).isFalse());
        assertSorted(byEnrolment, "enrolledAt", true);

        List<JsonNode> byEmail = items("/api/devices?sort=email", admin);
        assertThat(byEmail).extracting(item -> item.path("user").path("email").asText()).containsExactly(
                "ann@acme.example.com", "ann@acme.example.com", "joe@acme.example.com", "joe@acme.example.com",
                "zoe@acme.example.com", "zoe@acme.example.com");
        assertSortedBy(byEmail, item -> item.path("user").path("email").asText(), false);
        List<JsonNode> byEmailDescending = items("/api/devices?sort=-email", admin);
        assertThat(idsOf(byEmailDescending)).containsExactlyElementsOf(reversed(idsOf(byEmail)));

        assertSortedBy(items("/api/devices?sort=status", admin), item -> item.path("status").asText(), false);
        assertSortedBy(items("/api/devices?sort=-platform", admin), item -> item.path("platform").asText(), true);

        ResponseEntity<JsonNode> invalid = get("/api/devices?sort=serialNumber", admin);
        assertProblem(invalid, 400, "invalid-sort");
        assertThat(invalid.getBody().path("allowed").toString()).contains("lastEventAt", "startedAt", "enrolledAt",
                "email");
        assertProblem(get("/api/devices?sort=-", admin), 400, "invalid-sort");
    }

    @Test
    void pagingWithCursorsReturnsEveryEntryOnceInSortOrder() {
        fleet();
        awaitProjected(acme);

        for (String sort : List.of("", "-lastEventAt", "lastEventAt", "startedAt", "-startedAt", "enrolledAt",
                "-enrolledAt", "email", "-email", "status", "-status", "platform", "-platform")) {
            String base = "/api/devices?limit=500" + (sort.isEmpty() ? "" : "&sort=" + sort);
            List<String> unpaged = ids(base, admin);
            assertThat(unpaged).hasSize(6);
            List<String> paged = new ArrayList<>();
            String url = "/api/devices?limit=2" + (sort.isEmpty() ? "" : "&sort=" + sort);
            JsonNode page = page(url, admin);
            int pages = 1;
            paged.addAll(idsOf(page));
            while (page.hasNonNull("nextCursor")) {
                assertThat(page.path("items")).hasSize(2);
                page = page(url + "&cursor=" + page.path("nextCursor").asText(), admin);
                paged.addAll(idsOf(page));
                pages++;
                assertThat(pages).as("pages of sort '%s'", sort).isLessThanOrEqualTo(4);
            }
            assertThat(paged).as("paged by sort '%s'", sort).containsExactlyElementsOf(unpaged);
            assertThat(new HashSet<>(paged)).hasSize(6);
        }

        // filters hold across pages
        List<String> filtered = new ArrayList<>();
        JsonNode page = page("/api/devices?platform=IOS,MACOS&sort=startedAt&limit=1", admin);
        filtered.addAll(idsOf(page));
        while (page.hasNonNull("nextCursor")) {
            page = page("/api/devices?platform=IOS,MACOS&sort=startedAt&limit=1&cursor="
                    + page.path("nextCursor").asText(), admin);
            filtered.addAll(idsOf(page));
        }
        assertThat(filtered).containsExactlyElementsOf(ids("/api/devices?platform=IOS,MACOS&sort=startedAt", admin));
        assertThat(filtered).hasSize(4);
    }

    @Test
    void badPagingRequestsAreProblems() {
        fleet();
        awaitProjected(acme);

        String cursor = page("/api/devices?sort=email&limit=2", admin).path("nextCursor").asText();
        assertThat(cursor).isNotEmpty();
        assertThat(get("/api/devices?sort=email&limit=2&cursor=" + cursor, admin).getStatusCode().value())
                .isEqualTo(200);
        assertProblem(get("/api/devices?sort=startedAt&limit=2&cursor=" + cursor, admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices?limit=2&cursor=" + cursor, admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices?cursor=not-a-cursor", admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices?cursor=!!!", admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices?cursor=" + cursorOf("-lastEventAt", "2024-01-01 00:00:00+00", "not-a-uuid"),
                admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices?limit=0", admin), 400, "invalid-limit");
        assertProblem(get("/api/devices?limit=501", admin), 400, "invalid-limit");
        assertThat(get("/api/devices?limit=500", admin).getStatusCode().value()).isEqualTo(200);
        assertProblem(get("/api/android/entries?limit=0", admin), 400, "invalid-limit");
        assertProblem(get("/api/android/entries?limit=501", admin), 400, "invalid-limit");
        assertProblem(get("/api/android/entries?cursor=!!!", admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices?status=NOPE", admin), 400, "malformed-request");
        assertProblem(get("/api/devices/not-a-uuid", admin), 400, "malformed-request");
        assertProblem(get("/api/devices/" + UUID.randomUUID(), admin), 404, "unknown-device");
    }

    /** A cursor that decodes into the right number of keys but whose sort key is no timestamp is garbage too. */
    @Test
    void aCursorWhoseSortKeyIsGarbageIsABadRequest() {
        fleet();
        awaitProjected(acme);
        String garbage = cursorOf("-lastEventAt", "not-a-time", UUID.randomUUID().toString());
        assertProblem(get("/api/devices?cursor=" + garbage, admin), 400, "invalid-cursor");
    }

    // ---------------------------------------------------------------- 6. the Android view

    @Test
    void androidEntriesAreGroupedByHardwareNewestFirst() {
        // Android 9: enrolling again reuses the entry
        HardwareIdentity android9 = new HardwareIdentity("a9serial01", null, "353918051234563", null);
        DeviceId nine = start(acme, joe, Platform.ANDROID, "9", EnrollmentMethod.QR_CODE, android9);
        enroll(nine, null);
        reEnroll(nine, joe, "9", EnrollmentMethod.IN_APP, android9);
        enroll(nine, null);
        // Android 10: each enrollment a new entry; the newest supersedes the one active before it
        HardwareIdentity android10 = new HardwareIdentity("a10serial1", null, "359881030314356", null);
        DeviceId first = start(acme, ann, Platform.ANDROID, "10", EnrollmentMethod.QR_CODE, android10);
        enroll(first, null);
        DeviceId second = start(acme, ann, Platform.ANDROID, "10", EnrollmentMethod.IN_APP, android10);
        enroll(second, null);
        supersede(first, second);
        DeviceId third = start(acme, ann, Platform.ANDROID, "10", EnrollmentMethod.PORTAL, android10);
        enroll(third, null);
        supersede(second, third);
        // Android 14 with an enterprise-specific id, still enrolling
        HardwareIdentity android14 = new HardwareIdentity("a14serial1", null, "490154203237518", "esid-Pixel-Zoe");
        DeviceId pixel = start(acme, zoe, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE, android14);
        // not Android: not in the view
        DeviceId iphone = enrolledApple(acme, zoe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION, "A-IPHONE");
        awaitProjected(acme);

        JsonNode all = page("/api/android/entries", admin);
        assertThat(all.has("nextCursor")).isFalse();
        Map<String, JsonNode> groups = new HashMap<>();
        all.path("items").forEach(group -> groups.put(group.path("hardwareId").asText(), group));
        assertThat(groups.keySet()).containsExactlyInAnyOrder("353918051234563", "359881030314356", "esid-Pixel-Zoe");
        assertThat(all.toString()).doesNotContain(iphone.toString());

        JsonNode nineGroup = groups.get("353918051234563");
        assertThat(entryIds(nineGroup)).containsExactly(nine.toString());
        JsonNode nineEntry = nineGroup.path("entries").get(0);
        assertThat(nineEntry.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(nineEntry.path("lastStep").asText()).isEqualTo("ENROLLED");
        assertThat(nineEntry.path("method").asText()).isEqualTo("IN_APP");
        assertThat(nineEntry.path("osVersion").asText()).isEqualTo("9");
        assertThat(nineEntry.path("userEmail").asText()).isEqualTo("joe@acme.example.com");
        assertThat(instant(nineEntry, "enrolledAt")).isAfter(instant(nineEntry, "startedAt"));
        assertThat(ids("/api/devices?platform=ANDROID&userId=" + joe, admin)).containsExactly(nine.toString());

        JsonNode tenGroup = groups.get("359881030314356");
        assertThat(entryIds(tenGroup)).containsExactly(ids(third, second, first));
        JsonNode entries = tenGroup.path("entries");
        assertThat(entries.get(0).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(entries.get(0).path("lastStep").asText()).isEqualTo("ENROLLED");
        assertThat(entries.get(0).has("supersededBy")).isFalse();
        assertThat(entries.get(1).path("status").asText()).isEqualTo("INACTIVE");
        assertThat(entries.get(1).path("lastStep").asText()).isEqualTo("SUPERSEDED");
        assertThat(entries.get(1).path("supersededBy").asText()).isEqualTo(third.toString());
        assertThat(entries.get(2).path("status").asText()).isEqualTo("INACTIVE");
        assertThat(entries.get(2).path("supersededBy").asText()).isEqualTo(second.toString());
        assertThat(instant(entries.get(0), "startedAt")).isAfter(instant(entries.get(1), "startedAt"));
        assertThat(instant(entries.get(1), "startedAt")).isAfter(instant(entries.get(2), "startedAt"));
        assertThat(entries.get(0).path("method").asText()).isEqualTo("PORTAL");
        assertThat(entries.get(0).path("userEmail").asText()).isEqualTo("ann@acme.example.com");

        JsonNode pixelEntry = groups.get("esid-Pixel-Zoe").path("entries").get(0);
        assertThat(pixelEntry.path("deviceId").asText()).isEqualTo(pixel.toString());
        assertThat(pixelEntry.path("status").asText()).isEqualTo("PENDING");
        assertThat(pixelEntry.path("lastStep").asText()).isEqualTo("STARTED");
        assertThat(pixelEntry.has("enrolledAt")).isFalse();

        // ?hardwareId= matches a serial number (in any case), an IMEI or an enterprise-specific id
        assertThat(hardwareIds("/api/android/entries?hardwareId=A10SERIAL1")).containsExactly("359881030314356");
        assertThat(hardwareIds("/api/android/entries?hardwareId=a10serial1")).containsExactly("359881030314356");
        assertThat(hardwareIds("/api/android/entries?hardwareId=359881030314356")).containsExactly("359881030314356");
        assertThat(hardwareIds("/api/android/entries?hardwareId=esid-Pixel-Zoe")).containsExactly("esid-Pixel-Zoe");
        assertThat(hardwareIds("/api/android/entries?hardwareId=490154203237518")).containsExactly("esid-Pixel-Zoe");
        assertThat(hardwareIds("/api/android/entries?hardwareId=A14SERIAL1")).containsExactly("esid-Pixel-Zoe");
        assertThat(hardwareIds("/api/android/entries?hardwareId=A9SERIAL01")).containsExactly("353918051234563");
        assertThat(entryIds(page("/api/android/entries?hardwareId=a10serial1", admin).path("items").get(0)))
                .containsExactly(ids(third, second, first));
        assertThat(hardwareIds("/api/android/entries?hardwareId=A-IPHONE")).isEmpty();
        assertThat(hardwareIds("/api/android/entries?hardwareId=nothing-like-it")).isEmpty();

        // groups page by cursor, each group once, whole
        List<String> unpaged = hardwareIds("/api/android/entries?limit=500");
        List<String> paged = new ArrayList<>();
        JsonNode page = page("/api/android/entries?limit=1", admin);
        int pages = 1;
        page.path("items").forEach(group -> paged.add(group.path("hardwareId").asText()));
        while (page.hasNonNull("nextCursor")) {
            assertThat(page.path("items")).hasSize(1);
            page = page("/api/android/entries?limit=1&cursor=" + page.path("nextCursor").asText(), admin);
            page.path("items").forEach(group -> {
                paged.add(group.path("hardwareId").asText());
                if (group.path("hardwareId").asText().equals("359881030314356")) {
                    assertThat(group.path("entries")).hasSize(3);
                }
            });
            assertThat(++pages).isLessThanOrEqualTo(3);
        }
        assertThat(paged).containsExactlyElementsOf(unpaged).hasSize(3).doesNotHaveDuplicates();
        List<String> twoPerPage = new ArrayList<>();
        JsonNode firstTwo = page("/api/android/entries?limit=2", admin);
        firstTwo.path("items").forEach(group -> twoPerPage.add(group.path("hardwareId").asText()));
        JsonNode rest = page("/api/android/entries?limit=2&cursor=" + firstTwo.path("nextCursor").asText(), admin);
        rest.path("items").forEach(group -> twoPerPage.add(group.path("hardwareId").asText()));
        assertThat(rest.has("nextCursor")).isFalse();
        assertThat(twoPerPage).containsExactlyElementsOf(unpaged);
    }

    // ---------------------------------------------------------------- 7. directory updates

    @Test
    void anUpdatedDirectoryUserShowsWithTheNewEmail() {
        Fleet f = fleet();
        awaitProjected(acme);
        assertThat(device(f.annIpad).path("user").path("email").asText()).isEqualTo("ann@acme.example.com");

        append("User", ann, new LdapUserUpdated(ann, acme, "cn=ann,dc=acme", "ann.married@acme.example.com",
                "Ann Married"));
        await("ann's new email on her devices", () -> {
            ResponseEntity<JsonNode> response = get("/api/devices/" + f.annIpad, admin);
            return response.getStatusCode().value() == 200
                    && response.getBody().path("user").path("email").asText().equals("ann.married@acme.example.com");
        });

        for (DeviceId annDevice : List.of(f.annIpad, f.annPixel)) {
            JsonNode view = device(annDevice);
            assertThat(view.path("user").path("email").asText()).isEqualTo("ann.married@acme.example.com");
            assertThat(view.path("user").path("displayName").asText()).isEqualTo("Ann Married");
            assertThat(view.path("user").path("userId").asText()).isEqualTo(ann.toString());
        }
        assertThat(device(f.joeIphone).path("user").path("email").asText()).isEqualTo("joe@acme.example.com");
        assertThat(ids("/api/devices?q=ann.married", admin)).containsExactlyInAnyOrder(ids(f.annIpad, f.annPixel));
        assertThat(ids("/api/devices?q=married", admin)).containsExactlyInAnyOrder(ids(f.annIpad, f.annPixel));
        assertThat(ids("/api/devices?q=ann@acme", admin)).isEmpty();
        assertThat(items("/api/devices?sort=email", admin)).extracting(item -> item.path("user").path("email").asText())
                .containsExactly("ann.married@acme.example.com", "ann.married@acme.example.com",
                        "joe@acme.example.com", "joe@acme.example.com", "zoe@acme.example.com", "zoe@acme.example.com");
        JsonNode pixelGroup = page("/api/android/entries?hardwareId=ANNPIXEL01", admin).path("items").get(0);
        assertThat(pixelGroup.path("entries").get(0).path("userEmail").asText())
                .isEqualTo("ann.married@acme.example.com");

        // an enrollment after the update starts with the new email
        DeviceId later = start(acme, ann, Platform.IOS, "17.5", EnrollmentMethod.PORTAL, serial("ANN-LATER"));
        awaitProjected(acme);
        assertThat(device(later).path("user").path("email").asText()).isEqualTo("ann.married@acme.example.com");
        assertThat(device(later).path("user").path("displayName").asText()).isEqualTo("Ann Married");
    }

    // ---------------------------------------------------------------- 8. roles

    @Test
    void auditorsReadDevicesAndStrangersAreRefused() {
        Fleet f = fleet();
        awaitProjected(acme);

        ResponseEntity<JsonNode> list = get("/api/devices", auditor);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
        assertThat(idsOf(list.getBody())).hasSize(6);
        assertThat(get("/api/devices/" + f.annPixel, auditor).getBody().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(get("/api/android/entries", auditor).getBody().path("items")).hasSize(2);

        assertProblem(rest.getForEntity("/api/devices", JsonNode.class), 401, "unauthenticated");
        assertProblem(rest.getForEntity("/api/devices/" + f.annPixel, JsonNode.class), 401, "unauthenticated");
        assertProblem(rest.getForEntity("/api/android/entries", JsonNode.class), 401, "unauthenticated");
        HttpHeaders wrongPassword = new HttpHeaders();
        wrongPassword.setBasicAuth(admin, "not-the-password");
        assertProblem(rest.exchange("/api/devices", HttpMethod.GET, new HttpEntity<>(wrongPassword), JsonNode.class),
                401, "unauthenticated");
        assertProblem(get("/api/devices", operator), 403, "forbidden");
    }

    // ---------------------------------------------------------------- the shared fleet

    /** Six acme entries whose starts, steps and enrollments interleave, so every sort order differs. */
    private record Fleet(DeviceId joeIphone, DeviceId joeMac, DeviceId annIpad, DeviceId annPixel, DeviceId zoePhone,
                         DeviceId zoeIphone) {
    }

    private Fleet fleet() {
        DeviceId joeIphone = start(acme, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                new HardwareIdentity("F2LXJOE1", "00008101-000A1B2C3D4E5F01", null, null));
        DeviceId joeMac = start(acme, joe, Platform.MACOS, "14.4", EnrollmentMethod.PORTAL,
                new HardwareIdentity("C02JOEMAC1", null, null, null));
        DeviceId annIpad = start(acme, ann, Platform.IOS, "17.2", EnrollmentMethod.ACCOUNT_DRIVEN,
                new HardwareIdentity("DMPANNIPAD", null, null, null));
        download(joeIphone);
        DeviceId annPixel = start(acme, ann, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE,
                new HardwareIdentity("ANNPIXEL01", null, "356938035643809", "esid-ann-pixel"));
        enroll(joeIphone, null);
        DeviceId zoePhone = start(acme, zoe, Platform.ANDROID, "12", EnrollmentMethod.IN_APP,
                new HardwareIdentity("ZOEGALAXY1", null, "490154203237518", null));
        download(joeMac);
        download(annIpad);
        DeviceId zoeIphone = start(acme, zoe, Platform.IOS, "16.7", EnrollmentMethod.IN_APP,
                new HardwareIdentity("ZOEIPHONE1", null, null, null));
        enroll(annIpad, null);
        enroll(annPixel, null);
        download(zoeIphone);
        enroll(zoeIphone, null);
        retire(zoeIphone);
        return new Fleet(joeIphone, joeMac, annIpad, annPixel, zoePhone, zoeIphone);
    }

    // ---------------------------------------------------------------- events, as the command side appends them

    private DeviceId start(TenantId tenant, UserId user, Platform platform, String osVersion, EnrollmentMethod method,
            HardwareIdentity identity) {
        DeviceId deviceId = DeviceId.random();
        tenantOf.put(deviceId, tenant);
        platformOf.put(deviceId, platform);
        methodOf.put(deviceId, method);
        device(deviceId, new EnrollmentStarted(deviceId, tenant, user, platform, osVersion, method, identity,
                pushChannel(platform)));
        return deviceId;
    }

    /** An Apple entry through to ACTIVE: started, profile downloaded, enrolled. */
    private DeviceId enrolledApple(TenantId tenant, UserId user, Platform platform, String osVersion,
            EnrollmentMethod method, String serialNumber) {
        DeviceId deviceId = start(tenant, user, platform, osVersion, method, serial(serialNumber));
        download(deviceId);
        enroll(deviceId, null);
        return deviceId;
    }

    private void download(DeviceId deviceId) {
        UUID profileId = UUID.randomUUID();
        profileOf.put(deviceId, profileId);
        device(deviceId, new EnrollmentProfileDownloaded(deviceId, tenantOf.get(deviceId), profileId,
                Instant.now().plus(Duration.ofMinutes(5)), null));
    }

    private void expire(DeviceId deviceId) {
        device(deviceId, new EnrollmentProfileExpired(deviceId, tenantOf.get(deviceId), profileOf.get(deviceId)));
    }

    private void cancel(DeviceId deviceId) {
        device(deviceId, new EnrollmentProfileInstallCancelled(deviceId, tenantOf.get(deviceId)));
    }

    private void enroll(DeviceId deviceId, String enrolledUser) {
        boolean apple = platformOf.get(deviceId).isApple();
        device(deviceId, new DeviceEnrolled(deviceId, tenantOf.get(deviceId), enrolledUser,
                methodOf.get(deviceId) == EnrollmentMethod.ACCOUNT_DRIVEN,
                apple ? "com.apple.mgmt.External." + run : null));
    }

    private void reEnroll(DeviceId deviceId, UserId user, String osVersion, EnrollmentMethod method,
            HardwareIdentity identity) {
        methodOf.put(deviceId, method);
        device(deviceId, new DeviceReEnrolled(deviceId, tenantOf.get(deviceId), user, osVersion, method, identity,
                pushChannel(platformOf.get(deviceId))));
    }

    private void retire(DeviceId deviceId) {
        device(deviceId, new DeviceRetired(deviceId, tenantOf.get(deviceId)));
    }

    private void checkOut(DeviceId deviceId) {
        device(deviceId, new DeviceCheckedOut(deviceId, tenantOf.get(deviceId)));
    }

    private void wipe(DeviceId deviceId) {
        device(deviceId, new DeviceWiped(deviceId, tenantOf.get(deviceId)));
    }

    private void reset(DeviceId deviceId) {
        device(deviceId, new DeviceReset(deviceId, tenantOf.get(deviceId)));
    }

    private void delete(DeviceId deviceId) {
        device(deviceId, new DeviceDeleted(deviceId, tenantOf.get(deviceId)));
    }

    private void supersede(DeviceId deviceId, DeviceId supersededBy) {
        device(deviceId, new DeviceEntrySuperseded(deviceId, tenantOf.get(deviceId), supersededBy));
    }

    private void manualCaRemoved(DeviceId deviceId) {
        device(deviceId, new ManualCaCertificatesRemoved(deviceId, tenantOf.get(deviceId)));
    }

    private static PushChannel pushChannel(Platform platform) {
        return platform.isApple() ? new PushChannel(PushChannel.Type.APNS, "sealed-apns-token")
                : new PushChannel(PushChannel.Type.FCM, "sealed-fcm-token");
    }

    private static HardwareIdentity serial(String serialNumber) {
        return new HardwareIdentity(serialNumber, null, null, null);
    }

    private void device(DeviceId deviceId, Object event) {
        Instant at = append("Device", deviceId, event);
        lastEventOf.put(deviceId, at);
        lastTouched.put(tenantOf.get(deviceId), deviceId);
    }

    /**
     * The event store keeps timestamps to the millisecond, so each event waits for a millisecond of
     * its own: the orders by time the tests expect are then never ties.
     */
    @Override
    protected Instant append(String type, Object aggregateId, Object event, MetaData metaData) {
        while (!Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(lastAppendMillis)) {
            pause(1);
        }
        Instant at = super.append(type, aggregateId, event, metaData);
        lastAppendMillis = at.truncatedTo(ChronoUnit.MILLIS);
        return at;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- waiting for the projections

    /**
     * Waits until the tenant's last device event shows; the devices processor handles a tenant's
     * events in order, so every earlier one shows too.
     */
    private void awaitProjected(TenantId tenant) {
        awaitProjected(tenant, tenant.equals(acme) ? admin : globexAdmin);
    }

    private void awaitProjected(TenantId tenant, String username) {
        DeviceId deviceId = lastTouched.get(tenant);
        // the event store keeps an event's timestamp to the millisecond
        Instant expected = lastEventOf.get(deviceId).truncatedTo(ChronoUnit.MILLIS);
        ResponseEntity<?>[] last = new ResponseEntity<?>[1];
        await(() -> "the last event of " + deviceId + " at " + expected + ", last answer " + last[0], () -> {
            ResponseEntity<JsonNode> response = get("/api/devices/" + deviceId, username);
            last[0] = response;
            return response.getStatusCode().value() == 200 && response.getBody().hasNonNull("lastEventAt")
                    && !instant(response.getBody(), "lastEventAt").isBefore(expected);
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        await(() -> what, condition);
    }

    private static void await(Supplier<String> what, BooleanSupplier condition) {
        Eventually.until(PROJECTION_TIMEOUT, what, condition);
    }

    // ---------------------------------------------------------------- REST helpers

    private JsonNode device(DeviceId deviceId) {
        ResponseEntity<JsonNode> response = get("/api/devices/" + deviceId, admin);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    private JsonNode page(String url, String username) {
        ResponseEntity<JsonNode> response = get(url, username);
        assertThat(response.getStatusCode().value()).as("GET %s: %s", url, response.getBody()).isEqualTo(200);
        return response.getBody();
    }

    private List<String> ids(String url, String username) {
        return idsOf(page(url, username));
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("deviceId").asText()));
        return ids;
    }

    private static List<String> idsOf(List<JsonNode> items) {
        return items.stream().map(item -> item.path("deviceId").asText()).toList();
    }

    private static String[] ids(DeviceId... deviceIds) {
        return Arrays.stream(deviceIds).map(DeviceId::toString).toArray(String[]::new);
    }

    private static List<String> entryIds(JsonNode group) {
        List<String> ids = new ArrayList<>();
        group.path("entries").forEach(entry -> ids.add(entry.path("deviceId").asText()));
        return ids;
    }

    private List<String> hardwareIds(String url) {
        List<String> ids = new ArrayList<>();
        page(url, admin).path("items").forEach(group -> ids.add(group.path("hardwareId").asText()));
        return ids;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.path(field).asText());
    }

    /** Sorted by the instant field (a missing one before every other), ties by device id. */
    private static void assertSorted(List<JsonNode> items, String field, boolean descending) {
        Comparator<JsonNode> byField = Comparator.comparing(
                item -> item.hasNonNull(field) ? instant(item, field) : Instant.MIN);
        assertOrder(items, byField, descending);
    }

    private static void assertSortedBy(List<JsonNode> items, Function<JsonNode, String> key, boolean descending) {
        assertOrder(items, Comparator.comparing(key), descending);
    }

    private static void assertOrder(List<JsonNode> items, Comparator<JsonNode> byKey, boolean descending) {
        // UUIDs in canonical form compare as text like PostgreSQL compares uuid values
        Comparator<JsonNode> order = byKey.thenComparing(item -> item.path("deviceId").asText());
        if (descending) {
            order = order.reversed();
        }
        List<JsonNode> sorted = new ArrayList<>(items);
        sorted.sort(order);
        assertThat(idsOf(items)).containsExactlyElementsOf(idsOf(sorted));
    }

    private static String cursorOf(String... keys) {
        return org.mdmenroll.support.web.Cursor.encode(keys);
    }
}
