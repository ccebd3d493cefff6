package org.mdmenroll.query.audit;

import org.mdmenroll.query.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.VppLicensesAssigned;
import org.mdmenroll.events.credential.VppTokenUseRefused;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.FcmAppPushConfigured;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentPinRejected;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail on a real PostgreSQL: every event with its actor, filters, CSV export with
 * defused formulas, and a hash chain that notices altered, deleted and reordered rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditTrailIntegrationTest extends QuerySideTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    AuditTrailProjection projection;

    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final UserId joe = UserId.random();
    private final DeviceId oldEntry = DeviceId.random();
    private final DeviceId newEntry = DeviceId.random();
    private String auditor;
    private String admin;

    @BeforeEach
    void aTenantWithAnAndroidStory() {
        append("Tenant", acme, new TenantCreated(acme, "acme-" + run, "Acme", "acme-" + run + ".example.com",
                EnrollmentSettings.DEFAULTS), operator());
        append("Tenant", globex, new TenantCreated(globex, "globex-" + run, "Globex", "globex-" + run + ".example.com",
                EnrollmentSettings.DEFAULTS), operator());
        admin = account("admin-" + run, Role.ADMIN, acme, operator());
        auditor = account("auditor-" + run, Role.AUDITOR, acme, operator());
        account("globex-auditor-" + run, Role.AUDITOR, globex, operator());

        MetaData byAdmin = actor("ACCOUNT", admin, "req-admin-1");
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "=HYPERLINK(\"http://x\")"), byAdmin);
        append("User", joe, new EnrollmentPinIssued(joe, acme, "{bcrypt}$2a$10$secret-hash", Instant.now(), 3), byAdmin);
        append("User", joe, new EnrollmentPinRejected(joe, acme, 1), actor("USER", joe.toString(), "req-login-1"));

        MetaData byJoe = actor("USER", joe.toString(), "req-enroll-1");
        HardwareIdentity pixel = new HardwareIdentity("PIXEL-" + run, null, null, null);
        append("Device", oldEntry, new EnrollmentStarted(oldEntry, acme, joe, Platform.ANDROID, "12",
                EnrollmentMethod.IN_APP, pixel, new PushChannel(PushChannel.Type.FCM, "v1.sealed-secret")), byJoe);
        append("Device", oldEntry, new DeviceEnrolled(oldEntry, acme, null, false, null), actor("DEVICE", oldEntry.toString(), "req-agent-1"));
        append("Device", newEntry, new EnrollmentStarted(newEntry, acme, joe, Platform.ANDROID, "13",
                EnrollmentMethod.IN_APP, pixel, null), actor("USER", joe.toString(), "req-enroll-2"));
        append("Device", newEntry, new DeviceEnrolled(newEntry, acme, null, false, null), actor("DEVICE", newEntry.toString(), "req-agent-2"));
        append("Device", oldEntry, new DeviceEntrySuperseded(oldEntry, acme, newEntry), MetaData.with("actorType", "SYSTEM")
                .and("actor", "device-enrollments").and("cause", "newer-entry-enrolled:" + newEntry).and("requestId", "req-agent-2"));
        append("Device", newEntry, new DeviceReEnrolled(newEntry, acme, joe, "13", EnrollmentMethod.IN_APP, pixel, null), byJoe);
        append("Device", newEntry, new DeviceRetired(newEntry, acme), actor("ACCOUNT", admin, "req-retire-1"));
        awaitTrail(acme, 12);
        awaitTrail(globex, 1);
        awaitSignIn(auditor, "globex-auditor-" + run);
    }

    @Test
    void everyEventIsARecordWithActorTargetResultAndNoSecret() {
        List<JsonNode> records = items("/api/audit?limit=500", auditor);
        assertThat(records).extracting(r -> r.path("action").asText()).containsExactly("DeviceRetired",
                "DeviceReEnrolled", "DeviceEntrySuperseded", "DeviceEnrolled", "EnrollmentStarted", "DeviceEnrolled",
                "EnrollmentStarted", "EnrollmentPinRejected", "EnrollmentPinIssued", "LocalUserCreated",
                "AccountCreated", "AccountCreated", "TenantCreated");
        JsonNode superseded = records.get(2);
        assertThat(superseded.path("actorType").asText()).isEqualTo("SYSTEM");
        assertThat(superseded.path("cause").asText()).isEqualTo("newer-entry-enrolled:" + newEntry);
        assertThat(superseded.path("requestId").asText()).isEqualTo("req-agent-2");
        assertThat(superseded.path("targetType").asText()).isEqualTo("DEVICE");
        assertThat(superseded.path("targetId").asText()).isEqualTo(oldEntry.toString());
        assertThat(superseded.path("userId").asText()).as("device events name the entry's user").isEqualTo(joe.toString());
        assertThat(superseded.path("summary").asText()).contains("inactive");
        assertThat(records.get(0).path("actor").asText()).isEqualTo(admin);
        assertThat(records.get(3).path("summary").asText()).isEqualTo("Device registered: active");
        assertThat(records.get(1).path("summary").asText()).isEqualTo("Device re-registration started");
        assertThat(records.get(7).path("result").asText()).isEqualTo("REFUSED");
        assertThat(records.get(8).path("result").asText()).isEqualTo("SUCCESS");

        String everything = records.toString();
        assertThat(everything).doesNotContain("secret-hash").doesNotContain("sealed-secret").doesNotContain("pinHash")
                .doesNotContain("passwordHash").doesNotContain("password-of-");
    }

    @Test
    void androidEnrollmentTokensAndTheAgentReadAsSuchWithoutTheirSecrets() {
        EnrollmentTokenId token = EnrollmentTokenId.random();
        DeviceId device = DeviceId.random();
        MetaData byAgent = actor("DEVICE", "enrollment-token:" + token, "req-agent-7");
        append("EnrollmentToken", token, new EnrollmentTokenCreated(token, acme, joe, "ab".repeat(32),
                "v1.sealed-secret", true, Instant.now().plusSeconds(3600)), actor("ACCOUNT", admin, "req-token-1"));
        append("EnrollmentToken", token, new EnrollmentTokenRedeemed(token, acme, joe, 1), byAgent);
        append("Device", device, new EnrollmentStarted(device, acme, joe, Platform.ANDROID, "14",
                EnrollmentMethod.QR_CODE, new HardwareIdentity("AGENT-" + run, null, null, null), null), byAgent);
        append("Device", device, new AndroidAgentRegistered(device, acme, token, 34,
                AndroidManagementMode.FULLY_MANAGED, "cd".repeat(32)), byAgent);
        append("EnrollmentToken", token, new EnrollmentTokenRefused(token, acme, EnrollmentTokenRefusal.ALREADY_USED),
                actor("DEVICE", "enrollment-token:" + token, "req-agent-8"));
        awaitTrail(acme, 17);

        List<JsonNode> records = items("/api/audit?limit=5", auditor);
        assertThat(records).extracting(r -> r.path("summary").asText()).containsExactly(
                "Android enrollment token refused (expired, used or revoked)", "Android agent enrolling the device",
                "Registration started", "Android enrollment token used to enroll a device",
                "Android enrollment token created");
        assertThat(records).extracting(r -> r.path("result").asText())
                .containsExactly("REFUSED", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS");
        assertThat(records).extracting(r -> r.path("targetType").asText())
                .containsExactly("ENROLLMENT_TOKEN", "DEVICE", "DEVICE", "ENROLLMENT_TOKEN", "ENROLLMENT_TOKEN");
        assertThat(records.get(0).path("targetId").asText()).isEqualTo(token.toString());
        assertThat(records.subList(1, 5)).extracting(r -> r.path("userId").asText()).containsOnly(joe.toString());
        assertThat(records.get(0).path("details").toString()).contains("ALREADY_USED");
        assertThat(records.get(1).path("details").toString()).contains("FULLY_MANAGED");
        assertThat(records.toString()).doesNotContain("sealed-secret").doesNotContain("ab".repeat(32))
                .doesNotContain("cd".repeat(32));
    }

    @Test
    void appleTokenUsesAndTheirRefusalsReadAsSuch() {
        CredentialId ade = CredentialId.random();
        CredentialId vpp = CredentialId.random();
        MetaData byAdmin = actor("ACCOUNT", admin, "req-apple-1");
        append("AdeToken", ade, new AdeDevicesSynced(ade, acme, true, 1, 0, 0, "cursor-1",
                List.of(new AdeDevice("C02AAA111", "iPad Pro", "iOS", "iPad", "empty", null, null))), byAdmin);
        append("AdeToken", ade, new AdeTokenUseRefused(ade, acme, "device-sync", "token-expired", "expired"), byAdmin);
        append("VppToken", vpp, new VppLicensesAssigned(vpp, acme, "408709785", List.of("C02AAA111"), "event-1"), byAdmin);
        append("VppToken", vpp, new VppTokenUseRefused(vpp, acme, "license-revocation", "408709785",
                List.of("C02AAA111"), "token-expired", "expired"), byAdmin);
        awaitTrail(acme, 16);

        List<JsonNode> records = items("/api/audit?limit=4", auditor);
        assertThat(records).extracting(r -> r.path("summary").asText()).containsExactly(
                "VPP licence assignment or revocation refused", "VPP licences assigned to devices",
                "ADE device sync, profile definition or assignment refused", "ADE devices synced from Apple");
        assertThat(records).extracting(r -> r.path("result").asText())
                .containsExactly("REFUSED", "SUCCESS", "REFUSED", "SUCCESS");
        assertThat(records).extracting(r -> r.path("targetType").asText()).containsOnly("CREDENTIAL");
        assertThat(records.get(0).path("details").toString()).contains("license-revocation").contains("C02AAA111");
    }

    @Test
    void appleCheckInsAndMdmPushesReadAsSuch() {
        DeviceId iphone = DeviceId.random();
        MetaData byDevice = actor("DEVICE", iphone.toString(), "req-checkin-1");
        append("Device", iphone, new EnrollmentStarted(iphone, acme, joe, Platform.IOS, "18.4", EnrollmentMethod.IN_APP,
                new HardwareIdentity(null, null, null, null), null), actor("USER", joe.toString(), "req-enroll-3"));
        append("Device", iphone, new DeviceAuthenticated(iphone, acme, "UDID-" + run, null, "SERIAL-" + run,
                "iPhone17,2", "iPhone", "iPhone17,2", "18.4", "22E240", "Joe's iPhone"), byDevice);
        append("Device", iphone, new MdmPushSent(iphone, acme, "com.apple.mgmt.External.x", "apns-1"),
                actor("ACCOUNT", admin, "req-push-1"));
        append("Device", iphone, new MdmPushFailed(iphone, acme, "push-certificate-expired", "expired"),
                actor("ACCOUNT", admin, "req-push-2"));
        awaitTrail(acme, 16);

        List<JsonNode> records = items("/api/audit?deviceId=" + iphone + "&limit=3", auditor);
        assertThat(records).extracting(r -> r.path("summary").asText()).containsExactly(
                "MDM push not delivered", "MDM push sent to the device",
                "Device checked in: MDM profile installed (Authenticate)");
        assertThat(records).extracting(r -> r.path("result").asText()).containsExactly("REFUSED", "SUCCESS", "SUCCESS");
        assertThat(records.get(2).path("details").toString()).contains("UDID-" + run).contains("22E240");
    }

    @Test
    void theCommandChannelReadsAsSuchWithItsActorsAndWithoutTheSealedCommand() {
        DeviceId iphone = DeviceId.random();
        MetaData byDevice = actor("DEVICE", iphone.toString(), "req-connect-1");
        MetaData byAdmin = actor("ACCOUNT", admin, "req-wipe-1");
        append("Device", iphone, new EnrollmentStarted(iphone, acme, joe, Platform.IOS, "18.4", EnrollmentMethod.IN_APP,
                new HardwareIdentity(null, null, null, null), null), actor("USER", joe.toString(), "req-enroll-4"));
        append("Device", iphone, new MdmCommandQueued(iphone, acme, "INFO-1", "DeviceInformation", MdmChannel.DEVICE,
                MdmCommandPurpose.INVENTORY, Map.of("Queries", "DeviceName,OSVersion"), "v1.sealed-secret-command"),
                byDevice);
        append("Device", iphone, new MdmCommandSent(iphone, acme, "INFO-1", "DeviceInformation", 1), byDevice);
        append("Device", iphone, new MdmCommandNotNow(iphone, acme, "INFO-1", "DeviceInformation"), byDevice);
        append("Device", iphone, new MdmCommandAcknowledged(iphone, acme, "INFO-1", "DeviceInformation", Map.of()),
                byDevice);
        append("Device", iphone, new DeviceInformationReported(iphone, acme, "INFO-1", new DeviceInventory(
                "Joe's iPhone", "MTLT3J/A", "iPhone", "iPhone16,1", "18.4", "22E240", "SERIAL-" + run, null, null,
                null, 128.0, 61.5, true, false, null, null)), byDevice);
        append("Device", iphone, new SecurityInfoReported(iphone, acme, "SECURITY-1",
                new DeviceSecurity(true, true, 3, null, null, null)), byDevice);
        append("Device", iphone, new MdmCommandQueued(iphone, acme, "WIPE-1", "EraseDevice", MdmChannel.DEVICE,
                MdmCommandPurpose.WIPE, Map.of("PreserveDataPlan", "true"), "v1.sealed-secret-erase"), byAdmin);
        append("Device", iphone, new DeviceActionRequested(iphone, acme, "WIPE-1", DeviceAction.WIPE,
                DeviceStatus.ACTIVE), byAdmin);
        append("Device", iphone, new MdmCommandCancelled(iphone, acme, "WIPE-1", "EraseDevice",
                MdmCommandCancelled.Reason.ADMIN), actor("ACCOUNT", admin, "req-cancel-1"));
        append("Device", iphone, new DeviceActionReverted(iphone, acme, "WIPE-1", DeviceAction.WIPE,
                DeviceActionReverted.Reason.CANCELLED, DeviceStatus.ACTIVE, null), actor("ACCOUNT", admin, "req-cancel-1"));
        append("Device", iphone, new MdmCommandFailed(iphone, acme, "LOCK-1", "DeviceLock", MdmCommandFailed.Failure.ERROR,
                List.of(new MdmError(12021, "MCMDMErrorDomain", "Not supported"))), byDevice);
        append("Device", iphone, new DeviceConnected(iphone, acme, MdmChannel.DEVICE), byDevice);
        append("Device", iphone, new MdmUnexpectedResult(iphone, acme, "NEVER-QUEUED", "ACKNOWLEDGED"), byDevice);
        awaitTrail(acme, 26);

        List<JsonNode> records = items("/api/audit?deviceId=" + iphone + "&limit=20", auditor);
        assertThat(records).extracting(r -> r.path("action").asText()).containsExactly("MdmUnexpectedResult",
                "DeviceConnected", "MdmCommandFailed", "DeviceActionReverted", "MdmCommandCancelled",
                "DeviceActionRequested", "MdmCommandQueued", "SecurityInfoReported", "DeviceInformationReported",
                "MdmCommandAcknowledged", "MdmCommandNotNow", "MdmCommandSent", "MdmCommandQueued", "EnrollmentStarted");
        assertThat(records).extracting(r -> r.path("summary").asText()).startsWith(
                "Device answered a command it was not sent", "Device connected to the MDM command channel",
                "MDM command failed on the device", "Pending wipe or retire failed or was cancelled",
                "MDM command cancelled before delivery", "Wipe or retire requested: waiting for the device",
                "MDM command queued for the device");
        assertThat(records).extracting(r -> r.path("targetType").asText()).containsOnly("DEVICE");
        assertThat(records).extracting(r -> r.path("targetId").asText()).containsOnly(iphone.toString());
        assertThat(records).extracting(r -> r.path("userId").asText()).containsOnly(joe.toString());
        assertThat(records).extracting(r -> r.path("actor").asText()).containsExactly(iphone.toString(),
                iphone.toString(), iphone.toString(), admin, admin, admin, admin, iphone.toString(), iphone.toString(),
                iphone.toString(), iphone.toString(), iphone.toString(), iphone.toString(), joe.toString());
        assertThat(records.get(3).path("requestId").asText()).isEqualTo("req-cancel-1");
        assertThat(records).extracting(r -> r.path("result").asText()).containsExactly("SUCCESS", "SUCCESS",
                "REFUSED", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS",
                "SUCCESS", "SUCCESS", "SUCCESS");
        assertThat(records.get(2).path("details").toString()).contains("12021").contains("Not supported");
        assertThat(records.get(6).path("details").toString()).contains("EraseDevice").contains("PreserveDataPlan");
        assertThat(records.get(8).path("details").toString()).contains("iPhone16,1").contains("22E240");
        assertThat(records.toString()).doesNotContain("sealed-secret").doesNotContain("sealedCommand");
    }

    @Test
    void identityCertificatesAndScepRefusalsReadAsSuch() {
        MetaData byDevice = actor("DEVICE", newEntry.toString(), "req-scep-1");
        append("Device", newEntry, new IdentityCertificateIssued(newEntry, acme, "5d3c", "ab".repeat(32),
                Instant.now().plus(Duration.ofDays(365)), false), byDevice);
        append("Device", newEntry, new IdentityCertificateRefused(newEntry, acme,
                IdentityCertificateRefusal.CHALLENGE_REUSED), byDevice);
        awaitTrail(acme, 14);

        List<JsonNode> records = items("/api/audit?limit=2", auditor);
        assertThat(records).extracting(r -> r.path("summary").asText()).containsExactly(
                "SCEP request refused: no identity certificate", "Identity certificate issued over SCEP");
        assertThat(records).extracting(r -> r.path("result").asText()).containsExactly("REFUSED", "SUCCESS");
        assertThat(records).extracting(r -> r.path("deviceId").asText()).containsOnly(newEntry.toString());
        assertThat(records.get(0).path("details").toString()).contains("CHALLENGE_REUSED");
    }

    @Test
    void nudgesAndAppPushSettingsReadAsSuchWithoutTheirSecrets() {
        MetaData byAdmin = actor("ACCOUNT", admin, "req-app-push-1");
        append("Tenant", acme, new ApnsAppPushConfigured(acme, "ABC123DEFG", "DEF123GHIJ", "com.acme.enroll",
                ApnsAppPushConfigured.Environment.PRODUCTION, "v1.sealed-secret-p8"), byAdmin);
        append("Tenant", acme, new FcmAppPushConfigured(acme, "acme-enroll", "push@acme-enroll.iam.gserviceaccount.com",
                "v1.sealed-secret-account"), byAdmin);
        MetaData byDeadline = MetaData.with("actorType", "SYSTEM").and("actor", "deadline")
                .and("cause", "deadline:enrollment-nudge").and("requestId", "req-enroll-1");
        append("Device", oldEntry, new EnrollmentNudgeSent(oldEntry, acme, 1, PushChannel.Type.FCM), byDeadline);
        append("Device", oldEntry, new EnrollmentNudgesStopped(oldEntry, acme, EnrollmentNudgesStopped.Reason.INVALID_TOKEN,
                1, "UNREGISTERED"), MetaData.with("actorType", "SYSTEM").and("actor", "enrollment-nudges")
                .and("cause", "nudges-stopped:INVALID_TOKEN").and("requestId", "req-enroll-1"));
        awaitTrail(acme, 16);

        List<JsonNode> records = items("/api/audit?limit=4", auditor);
        assertThat(records).extracting(r -> r.path("summary").asText()).containsExactly(
                "Enrollment nudges stopped", "Enrollment app nudged to finish enrolling",
                "Enrollment app push settings (FCM) changed", "Enrollment app push settings (APNs) changed");
        assertThat(records.get(0).path("details").toString()).contains("INVALID_TOKEN").contains("UNREGISTERED");
        assertThat(records.get(0).path("actor").asText()).isEqualTo("enrollment-nudges");
        assertThat(records.get(1).path("targetId").asText()).isEqualTo(oldEntry.toString());
        assertThat(records.get(1).path("userId").asText()).isEqualTo(joe.toString());
        assertThat(records.get(1).path("details").toString()).contains("attempt").contains("FCM");
        assertThat(records.get(1).path("cause").asText()).isEqualTo("deadline:enrollment-nudge");
        assertThat(records.get(3).path("targetType").asText()).isEqualTo("TENANT");
        assertThat(records.get(3).path("details").toString()).contains("ABC123DEFG").contains("com.acme.enroll");
        assertThat(records.toString()).doesNotContain("sealed-secret");
    }

    @Test
    void filtersCombineAndPagesFollowTheCursor() {
        assertThat(actions("/api/audit?deviceId=" + oldEntry)).containsExactly("DeviceEntrySuperseded",
                "DeviceEnrolled", "EnrollmentStarted");
        assertThat(actions("/api/audit?userId=" + joe + "&action=DeviceEnrolled")).hasSize(2);
        assertThat(actions("/api/audit?actor=" + admin)).containsExactly("DeviceRetired", "EnrollmentPinIssued",
                "LocalUserCreated");
        assertThat(actions("/api/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).isEmpty();
        assertThat(actions("/api/audit?from=" + Instant.now().minus(Duration.ofHours(1)))).hasSize(13);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/api/audit?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), auditor).getBody();
            page.path("items").forEach(item -> paged.add(item.path("position").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(paged).containsExactly("13", "12", "11", "10", "9", "8", "7", "6", "5", "4", "3", "2", "1");

        assertProblem(get("/api/audit?cursor=garbage", auditor), 400, "invalid-cursor");
        assertProblem(get("/api/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", auditor), 400,
                "invalid-time-range");
        assertProblem(get("/api/audit?from=yesterday", auditor), 400, "malformed-request");
        assertThat(items("/api/audit", "globex-auditor-" + run)).extracting(r -> r.path("action").asText())
                .containsExactly("AccountCreated", "TenantCreated");
        assertProblem(rest.exchange("/api/audit", HttpMethod.GET, HttpEntity.EMPTY, JsonNode.class), 401,
                "unauthenticated");
    }

    @Test
    void theCsvExportHoldsTheSameSelectionOldestFirstWithFormulasDefusedAndEndsWithItsCheckpoints() throws Exception {
        ResponseEntity<String> response = rest.exchange("/api/audit/export.csv?userId=" + joe, HttpMethod.GET,
                new HttpEntity<>(auth(auditor)), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("text/csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setCommentMarker('#').get().parse(new StringReader(response.getBody())).getRecords();
        assertThat(rows).extracting(row -> row.get("action")).containsExactly("LocalUserCreated",
                "EnrollmentPinIssued", "EnrollmentPinRejected", "EnrollmentStarted", "DeviceEnrolled",
                "EnrollmentStarted", "DeviceEnrolled", "DeviceEntrySuperseded", "DeviceReEnrolled", "DeviceRetired");
        CSVRecord created = rows.get(0);
        assertThat(created.get("details")).contains("HYPERLINK");
        assertThat(AuditTrail.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(AuditTrail.cell("+1")).isEqualTo("'+1");
        assertThat(AuditTrail.cell("-1")).isEqualTo("'-1");
        assertThat(AuditTrail.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditTrail.cell("plain")).isEqualTo("plain");
        assertThat(response.getBody()).doesNotContain("secret-hash").doesNotContain("sealed-secret");
        assertThat(rows.get(0).get("hash")).matches("[0-9a-f]{64}");
        assertThat(rows.get(1).get("previousHash")).isEqualTo(rows.get(0).get("hash"));
        assertThat(rows.get(0).get("eventId")).isNotBlank();

        // the trailer: the checkpoint this export signed, and a closing line saying a filtered export cannot be verified
        List<String> comments = response.getBody().lines().filter(line -> line.startsWith("# ")).toList();
        assertThat(comments).hasSize(2);
        assertThat(comments.get(0)).contains("\"type\":\"checkpoint\"").contains("\"position\":13");
        assertThat(comments.get(1)).contains("\"type\":\"export\"").contains("\"filtered\":true")
                .contains("\"chainVerifiable\":false").contains("cannot be recomputed");
        assertThat(response.getBody().strip()).endsWith(comments.get(1));
    }

    @Test
    void theChainIsValidAndNoticesAnAlteredRecord() {
        assertThat(verify(auditor)).isEqualTo("true/13/null");
        assertThatThrownBy(() -> jdbc.sql("update audit_record set actor = 'someone-else' where tenant_id = ?")
                .param(acme.value()).update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_record where tenant_id = ?").param(acme.value()).update())
                .hasMessageContaining("append-only");

        // Someone able to switch the trigger off still leaves a broken chain behind...
        String actor = jdbc.sql("select actor from audit_record where tenant_id = ? and position = 5")
                .param(acme.value()).query(String.class).single();
        tamper("update audit_record set actor = 'someone-else' where tenant_id = ? and position = 5", acme.value());
        assertThat(verify(auditor)).isEqualTo("false/4/5");
        // ... and only the altered record breaks it.
        tamper("update audit_record set actor = ? where tenant_id = ? and position = 5", actor, acme.value());
        assertThat(verify(auditor)).isEqualTo("true/13/null");
    }

    /**
     * Events delivered again (a processor retrying a batch) in one transaction with a new one: the
     * new event is appended right after the head, the old ones are not appended twice, and the
     * chain stays valid.
     */
    @Test
    void eventsDeliveredAgainAreAppendedOnceAndTheChainGoesOn() {
        List<? extends EventMessage<?>> stored = eventStore.readEvents(newEntry.toString()).asStream().toList();
        DeviceId another = DeviceId.random();
        EventMessage<?> fresh = new GenericDomainEventMessage<>("Device", another.toString(), 0,
                new EnrollmentStarted(another, acme, joe, Platform.IOS, "17", EnrollmentMethod.IN_APP,
                        new HardwareIdentity("SERIAL-" + run, null, null, null), null),
                actor("USER", joe.toString(), "req-enroll-3"));
        List<EventMessage<?>> batch = new ArrayList<>(stored);
        batch.add(fresh);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
            unitOfWork.execute(() -> batch.forEach(event ->
                    projection.on(event.getPayload(), event, event.getTimestamp())));
        });

        assertThat(jdbc.sql("select count(*) from audit_record where tenant_id = ?").param(acme.value())
                .query(Long.class).single()).isEqualTo(14);
        assertThat(jdbc.sql("select action || ':' || position from audit_record where tenant_id = ? and device_id = ?")
                .params(acme.value(), another.value()).query(String.class).single())
                .isEqualTo("EnrollmentStarted:14");
        assertThat(verify(auditor)).isEqualTo("true/14/null");
    }

    @Test
    void aDeletedRecordBreaksTheChainOfItsTenantOnly() {
        tamper("delete from audit_record where tenant_id = ? and position = 7", acme.value());
        assertThat(verify(auditor)).isEqualTo("false/6/7");
        assertThat(verify("globex-auditor-" + run)).isEqualTo("true/2/null");
    }

    @Test
    void reorderedRecordsBreakTheChain() {
        tamper("update audit_record set position = -1 where tenant_id = ? and position = 3", acme.value());
        tamper("update audit_record set position = 3 where tenant_id = ? and position = 4", acme.value());
        tamper("update audit_record set position = 4 where tenant_id = ? and position = -1", acme.value());
        assertThat(verify(auditor)).isEqualTo("false/2/3");
    }

    @Test
    void removingTheNewestRecordsIsNoticedToo() {
        tamper("delete from audit_record where tenant_id = ? and position > 11", acme.value());
        assertThat(verify(auditor)).isEqualTo("false/11/12");
    }

    private String verify(String username) {
        JsonNode result = get("/api/audit/verify", username).getBody();
        return result.path("valid").asText() + "/" + result.path("checked").asText() + "/"
                + (result.path("firstBrokenAt").isNull() || result.path("firstBrokenAt").isMissingNode()
                ? "null" : result.path("firstBrokenAt").asText());
    }

    /** Changes rows as a superuser with the trigger off (session_replication_role), as an intruder could. */
    private void tamper(String sql, Object... params) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql(sql).params(params).update();
        });
    }

    private List<String> actions(String url) {
        return items(url, auditor).stream().map(r -> r.path("action").asText()).toList();
    }

    private void awaitTrail(TenantId tenant, int position) {
        Eventually.until("the audit trail of " + tenant + " past position " + position, () -> jdbc
                .sql("select position from audit_chain_head where tenant_id = ?").param(tenant.value())
                .query(Long.class).optional().orElse(0L) >= position + 1);
    }

    private static MetaData actor(String type, String actor, String requestId) {
        return MetaData.with("actorType", type).and("actor", actor).and("requestId", requestId);
    }

    private static MetaData operator() {
        return actor("ACCOUNT", "root-operator", "req-op");
    }
}
