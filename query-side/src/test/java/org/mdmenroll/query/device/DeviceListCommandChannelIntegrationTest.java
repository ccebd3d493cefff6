package org.mdmenroll.query.device;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device list and the device view on a real PostgreSQL, fed the command channel's events as
 * the command side appends them: open commands, the last connect, the inventory and security state
 * the device reported, the pending wipe and retire statuses (and their filter), a failed action's error,
 * the Mac's bootstrap token, and the identity certificate's renewal (sent, and overdue, with its filter).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceListCommandChannelIntegrationTest extends QuerySideTest {

    private final String admin = "admin-" + run;
    private final String auditor = "auditor-" + run;
    private final TenantId acme = TenantId.random();
    private final UserId joe = UserId.random();

    @BeforeEach
    void tenantAccountsAndUser() {
        tenant(acme, "acme-" + run);
        account(admin, Role.ADMIN, acme);
        account(auditor, Role.AUDITOR, acme);
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "Joe Bloggs"));
        awaitSignIn(admin, auditor);
    }

    @Test
    void theInventoryAndSecurityStateFillInAndOpenCommandsAndTheLastConnectShow() {
        DeviceId iphone = enrolled(Platform.IOS, "F2LXJOE1");
        append("Device", iphone, queued(iphone, "INFO-1", "DeviceInformation", MdmCommandPurpose.INVENTORY));
        append("Device", iphone, queued(iphone, "SECURITY-1", "SecurityInfo", MdmCommandPurpose.INVENTORY));
        JsonNode queued = await(iphone, view -> view.path("pendingCommands").asInt() == 2);
        assertThat(queued.has("lastConnectAt")).as("nothing delivered yet").isFalse();
        assertThat(queued.has("inventoryReportedAt")).isFalse();
        assertThat(queued.has("security")).isFalse();

        append("Device", iphone, new MdmCommandSent(iphone, acme, "INFO-1", "DeviceInformation", 1));
        append("Device", iphone, new MdmCommandAcknowledged(iphone, acme, "INFO-1", "DeviceInformation", Map.of()));
        Instant reported = append("Device", iphone, new DeviceInformationReported(iphone, acme, "INFO-1",
                new DeviceInventory("Joe's iPhone 15", "MTLT3J/A", "iPhone", "iPhone16,1", "17.5.1", "21F90",
                        "f2lxjoe1", "00008101-000a1b2c3d4e5f6a", "35 123456 123456 1", null, 128.0, 61.5, true,
                        false, "a4:83:e7:00:00:01", "a4:83:e7:00:00:02")));
        append("Device", iphone, new MdmCommandSent(iphone, acme, "SECURITY-1", "SecurityInfo", 1));
        append("Device", iphone, new MdmCommandAcknowledged(iphone, acme, "SECURITY-1", "SecurityInfo", Map.of()));
        append("Device", iphone, new SecurityInfoReported(iphone, acme, "SECURITY-1",
                new DeviceSecurity(true, false, 3, null, null, null)));
        Instant connected = append("Device", iphone, new DeviceConnected(iphone, acme, MdmChannel.DEVICE));

        JsonNode view = await(iphone, v -> v.has("lastConnectAt")
                && !Instant.parse(v.path("lastConnectAt").asText()).isBefore(millis(connected)));
        assertThat(view.path("pendingCommands").asInt()).isZero();
        assertThat(view.path("lastStep").asText()).as("channel traffic is no step").isEqualTo("ENROLLED");
        assertThat(view.path("deviceName").asText()).isEqualTo("Joe's iPhone 15");
        assertThat(view.path("model").asText()).isEqualTo("iPhone16,1");
        assertThat(view.path("modelName").asText()).isEqualTo("iPhone");
        assertThat(view.path("productName").asText()).isEqualTo("iPhone16,1");
        assertThat(view.path("osVersion").asText()).isEqualTo("17.5.1");
        assertThat(view.path("buildVersion").asText()).isEqualTo("21F90");
        assertThat(view.path("serialNumber").asText()).isEqualTo("F2LXJOE1");
        assertThat(view.path("udid").asText()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(view.path("imei").asText()).isEqualTo("35 123456 123456 1");
        assertThat(view.has("meid")).isFalse();
        assertThat(view.path("deviceCapacityGb").asDouble()).isEqualTo(128.0);
        assertThat(view.path("availableCapacityGb").asDouble()).isEqualTo(61.5);
        assertThat(view.path("supervised").asBoolean()).isTrue();
        assertThat(view.path("activationLockEnabled").isBoolean()).isTrue();
        assertThat(view.path("activationLockEnabled").asBoolean()).isFalse();
        assertThat(view.path("wifiMac").asText()).isEqualTo("a4:83:e7:00:00:01");
        assertThat(view.path("bluetoothMac").asText()).isEqualTo("a4:83:e7:00:00:02");
        assertThat(Instant.parse(view.path("inventoryReportedAt").asText())).isEqualTo(millis(reported));
        assertThat(view.path("security").path("passcodePresent").asBoolean()).isTrue();
        assertThat(view.path("security").path("passcodeCompliant").asBoolean()).isFalse();
        assertThat(view.path("security").path("hardwareEncryptionCaps").asInt()).isEqualTo(3);
        assertThat(view.path("security").has("fileVaultEnabled")).as("the device did not say").isFalse();
        assertThat(view.has("securityReportedAt")).isTrue();
        assertThat(items("/api/devices?q=35 123456", admin)).as("the reported IMEI is searched").hasSize(1);
        assertThat(get("/api/devices/" + iphone, auditor).getBody().path("pendingCommands").asInt()).isZero();
    }

    @Test
    void pendingWipesAndRetiresShowAndFilterAndAFailedOneShowsTheDevicesError() {
        DeviceId wiping = enrolled(Platform.IOS, "ST-WIPING");
        requested(wiping, "WIPE-1", DeviceAction.WIPE, "EraseDevice");
        DeviceId retiring = enrolled(Platform.MACOS, "ST-RETIRING");
        requested(retiring, "RETIRE-1", DeviceAction.RETIRE, "RemoveProfile");
        DeviceId failed = enrolled(Platform.IOS, "ST-FAILED");
        requested(failed, "RETIRE-2", DeviceAction.RETIRE, "RemoveProfile");
        append("Device", failed, new MdmCommandFailed(failed, acme, "RETIRE-2", "RemoveProfile",
                MdmCommandFailed.Failure.ERROR, List.of(new MdmError(12021, "MCMDMErrorDomain", "Profile not found"))));
        append("Device", failed, new DeviceActionReverted(failed, acme, "RETIRE-2", DeviceAction.RETIRE,
                DeviceActionReverted.Reason.FAILED, DeviceStatus.ACTIVE, "Profile not found (MCMDMErrorDomain 12021)"));
        DeviceId active = enrolled(Platform.IOS, "ST-ACTIVE");

        JsonNode reverted = await(failed, view -> view.has("lastActionReverted"));
        assertThat(reverted.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(reverted.path("lastStep").asText()).isEqualTo("RETIRE_REVERTED");
        assertThat(reverted.path("lastActionReverted").asText()).isEqualTo("RETIRE_FAILED");
        assertThat(reverted.path("lastActionFailure").asText()).isEqualTo("Profile not found (MCMDMErrorDomain 12021)");
        assertThat(reverted.has("lastActionRevertedAt")).isTrue();
        assertThat(reverted.path("pendingCommands").asInt()).isZero();
        JsonNode wipeView = await(wiping, view -> view.path("status").asText().equals("WIPE_PENDING"));
        assertThat(wipeView.path("lastStep").asText()).isEqualTo("WIPE_REQUESTED");
        assertThat(wipeView.path("pendingCommands").asInt()).isEqualTo(1);
        JsonNode retireView = await(retiring, view -> view.path("status").asText().equals("RETIRE_PENDING"));
        assertThat(retireView.path("lastStep").asText()).isEqualTo("RETIRE_REQUESTED");
        await(active, view -> view.path("status").asText().equals("ACTIVE"));

        assertThat(ids("/api/devices?status=WIPE_PENDING,RETIRE_PENDING")).containsExactlyInAnyOrder(
                wiping.toString(), retiring.toString());
        assertThat(ids("/api/devices?status=WIPE_PENDING")).containsExactly(wiping.toString());
        assertThat(ids("/api/devices?status=ACTIVE")).containsExactlyInAnyOrder(failed.toString(), active.toString());
        assertThat(ids("/api/devices?excludeRetired=true")).hasSize(4);
    }

    @Test
    void aMacsEscrowedBootstrapTokenShowsAsAFlagOnlyUntilTheMacRemovesIt() {
        DeviceId mac = enrolled(Platform.MACOS, "C02BOOTSTRAP");
        assertThat(await(mac, view -> view.path("status").asText().equals("ACTIVE"))
                .path("bootstrapTokenEscrowed").asBoolean(true)).isFalse();

        append("Device", mac, new BootstrapTokenEscrowed(mac, acme, "v1.sealed-bootstrap-token"));
        JsonNode escrowed = await(mac, view -> view.path("bootstrapTokenEscrowed").asBoolean());
        assertThat(escrowed.toString()).doesNotContain("sealed-bootstrap-token");
        assertThat(get("/api/devices", auditor).getBody().toString()).doesNotContain("sealed-bootstrap-token");
        assertThat(escrowed.path("lastStep").asText()).isEqualTo("ENROLLED");

        append("Device", mac, new BootstrapTokenEscrowed(mac, acme, null));
        await(mac, view -> !view.path("bootstrapTokenEscrowed").asBoolean(true));
    }

    @Test
    void aRenewalSentShowsUntilTheRenewedCertificateAndEntriesNotRenewedTwoWeeksBeforeExpiryAreFlaggedAndFiltered() {
        Instant now = Instant.now();
        DeviceId late = enrolled(Platform.IOS, "ST-LATE", now.plus(Duration.ofDays(10)));
        Instant sent = append("Device", late, new IdentityCertificateRenewalRequested(late, acme, "RENEW-1",
                UUID.randomUUID(), "9e".repeat(32), now.plus(Duration.ofDays(10))));
        DeviceId expired = enrolled(Platform.MACOS, "ST-EXPIRED", now.minus(Duration.ofDays(1)));
        DeviceId reset = enrolled(Platform.IOS, "ST-RESET", now.plus(Duration.ofDays(3)));
        append("Device", reset, new DeviceReset(reset, acme));
        DeviceId retired = enrolled(Platform.IOS, "ST-RETIRED", now.plus(Duration.ofDays(3)));
        append("Device", retired, new DeviceRetired(retired, acme));
        DeviceId fine = enrolled(Platform.IOS, "ST-FINE", now.plus(Duration.ofDays(30)));
        DeviceId android = enrolled(Platform.ANDROID, "ST-ANDROID");

        JsonNode lateView = await(late, view -> view.has("certificateRenewalRequestedAt"));
        assertThat(Instant.parse(lateView.path("certificateRenewalRequestedAt").asText())).isEqualTo(millis(sent));
        assertThat(lateView.path("certificateRenewalOverdue").asBoolean()).isTrue();
        assertThat(lateView.path("lastStep").asText()).as("no step").isEqualTo("ENROLLED");
        assertThat(await(expired, view -> view.path("status").asText().equals("ACTIVE"))
                .path("certificateRenewalOverdue").asBoolean()).isTrue();
        assertThat(await(reset, view -> view.path("status").asText().equals("RESET"))
                .path("certificateRenewalOverdue").asBoolean()).as("still managed").isTrue();
        assertThat(await(retired, view -> view.path("status").asText().equals("INACTIVE"))
                .path("certificateRenewalOverdue").asBoolean(true)).isFalse();
        assertThat(await(fine, view -> view.path("status").asText().equals("ACTIVE"))
                .path("certificateRenewalOverdue").asBoolean(true)).isFalse();
        assertThat(await(android, view -> view.path("status").asText().equals("ACTIVE"))
                .path("certificateRenewalOverdue").asBoolean(true)).isFalse();

        assertThat(ids("/api/devices?renewalOverdue=true")).containsExactlyInAnyOrder(late.toString(),
                expired.toString(), reset.toString());
        assertThat(ids("/api/devices?renewalOverdue=true&platform=MACOS")).containsExactly(expired.toString());
        assertThat(ids("/api/devices?renewalOverdue=false")).hasSize(6);
        assertProblem(get("/api/devices?renewalOverdue=soon", admin), 400, "malformed-request");

        append("Device", late, new IdentityCertificateIssued(late, acme, "5d3d", "ac".repeat(32),
                now.plus(Duration.ofDays(375)), true));
        JsonNode renewed = await(late, view -> !view.has("certificateRenewalRequestedAt"));
        assertThat(renewed.path("certificateRenewalOverdue").asBoolean(true)).isFalse();
        assertThat(ids("/api/devices?renewalOverdue=true")).containsExactlyInAnyOrder(expired.toString(),
                reset.toString());
    }

    private DeviceId enrolled(Platform platform, String serialNumber) {
        return enrolled(platform, serialNumber, null);
    }

    /** Enrolled with an identity certificate expiring at {@code certificateNotAfter}, if one is given. */
    private DeviceId enrolled(Platform platform, String serialNumber, Instant certificateNotAfter) {
        DeviceId deviceId = DeviceId.random();
        append("Device", deviceId, new EnrollmentStarted(deviceId, acme, joe, platform, "17.4",
                EnrollmentMethod.INVITATION, new HardwareIdentity(serialNumber, null, null, null), null));
        if (certificateNotAfter != null) {
            append("Device", deviceId, new IdentityCertificateIssued(deviceId, acme, "5d3c", "ab".repeat(32),
                    certificateNotAfter, false));
        }
        append("Device", deviceId, new DeviceEnrolled(deviceId, acme, null, false, "com.apple.mgmt.External." + run));
        return deviceId;
    }

    private void requested(DeviceId deviceId, String commandUuid, DeviceAction action, String requestType) {
        append("Device", deviceId, queued(deviceId, commandUuid, requestType,
                action == DeviceAction.WIPE ? MdmCommandPurpose.WIPE : MdmCommandPurpose.RETIRE));
        append("Device", deviceId, new DeviceActionRequested(deviceId, acme, commandUuid, action, DeviceStatus.ACTIVE));
    }

    private MdmCommandQueued queued(DeviceId deviceId, String commandUuid, String requestType,
                                    MdmCommandPurpose purpose) {
        return new MdmCommandQueued(deviceId, acme, commandUuid, requestType, MdmChannel.DEVICE, purpose, Map.of(),
                "v1.sealed-command");
    }

    private JsonNode await(DeviceId deviceId, Predicate<JsonNode> condition) {
        return Eventually.value("device " + deviceId + " in the expected state", () -> get("/api/devices/" + deviceId,
                admin), response -> response.getStatusCode().value() == 200 && condition.test(response.getBody()))
                .getBody();
    }

    private List<String> ids(String url) {
        List<String> ids = new ArrayList<>();
        items(url, admin).forEach(item -> ids.add(item.path("deviceId").asText()));
        return ids;
    }

    /** The event store keeps an event's timestamp to the millisecond. */
    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
