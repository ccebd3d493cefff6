package org.mdmenroll.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.support.audit.AuditMetadata;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device history on a real PostgreSQL: device events appended to the event store with their audit
 * metadata and chosen timestamps come back in order, without secrets, and replay to the entry's
 * state at any moment; only the entry's tenant sees them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceHistoryIntegrationTest extends QuerySideTest {

    private final String admin = "admin-" + run;
    private final String auditor = "auditor-" + run;
    private final String globexAdmin = "globex-admin-" + run;
    private final String operator = "op-" + run;
    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final UserId joe = UserId.random();
    private final DeviceId iphone = DeviceId.random();
    /** The device's events are stamped a minute apart, an hour ago (the store keeps milliseconds). */
    private final Instant t0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    private final Instant validUntil = at(1).plus(Duration.ofMinutes(5));

    private final MetaData byAdmin = MetaData.with(AuditMetadata.ACTOR_TYPE, "ACCOUNT")
            .and(AuditMetadata.ACTOR, "acme-admin").and(AuditMetadata.REQUEST_ID, "r-1");

    @BeforeEach
    void tenantsAccountsAndADevice() {
        tenant(acme, "acme-" + run);
        tenant(globex, "globex-" + run);
        account(operator, Role.OPERATOR, null);
        account(admin, Role.ADMIN, acme);
        account(auditor, Role.AUDITOR, acme);
        account(globexAdmin, Role.ADMIN, globex);
        awaitSignIn(operator, admin, auditor, globexAdmin);
        append("User", joe, new LocalUserCreated(joe, acme, "joe@acme.example.com", "Joe"), byAdmin);
        append("User", joe, new EnrollmentPinIssued(joe, acme, "{bcrypt}hash", Instant.now().plusSeconds(600), 3),
                byAdmin);

        MetaData byJoe = MetaData.with(AuditMetadata.ACTOR_TYPE, "USER").and(AuditMetadata.ACTOR, joe.toString())
                .and(AuditMetadata.REQUEST_ID, "r-0");
        device(new EnrollmentStarted(iphone, acme, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                new HardwareIdentity("F2LXJOE1", "00008101-000A1B2C3D4E5F6A", null, null),
                new PushChannel(PushChannel.Type.APNS, "sealed-apns-token")), byJoe, at(0));
        device(new EnrollmentProfileDownloaded(iphone, acme, UUID.randomUUID(), validUntil, null), byJoe, at(1));
        device(new DeviceEnrolled(iphone, acme, null, false, "com.apple.mgmt.External." + run),
                MetaData.with(AuditMetadata.ACTOR_TYPE, "DEVICE").and(AuditMetadata.ACTOR, iphone.toString())
                        .and(AuditMetadata.REQUEST_ID, "r-0"), at(2));
        device(new DeviceRetired(iphone, acme), byAdmin, at(3));
        // an event older than the audit metadata: none of it
        device(new DeviceDeleted(iphone, acme), MetaData.emptyInstance(), at(4));
    }

    @Test
    void theHistoryListsEveryEventInOrderWithWhoCausedIt() {
        ResponseEntity<JsonNode> response = get(history(iphone), admin);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode items = response.getBody().path("items");
        assertThat(items).hasSize(5);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            assertThat(item.path("sequence").asLong()).isEqualTo(i);
            assertThat(Instant.parse(item.path("timestamp").asText())).isEqualTo(at(i));
            assertThat(item.path("payload").path("deviceId").asText()).isEqualTo(iphone.toString());
            assertThat(item.path("payload").path("tenantId").asText()).isEqualTo(acme.toString());
            types.add(item.path("type").asText());
        }
        assertThat(types).containsExactly("EnrollmentStarted", "EnrollmentProfileDownloaded", "DeviceEnrolled",
                "DeviceRetired", "DeviceDeleted");

        JsonNode started = items.get(0);
        assertThat(started.path("actorType").asText()).isEqualTo("USER");
        assertThat(started.path("actor").asText()).isEqualTo(joe.toString());
        assertThat(started.path("requestId").asText()).isEqualTo("r-0");
        assertThat(started.path("payload").path("platform").asText()).isEqualTo("IOS");
        assertThat(started.path("payload").path("identity").path("serialNumber").asText()).isEqualTo("F2LXJOE1");
        assertThat(started.path("payload").path("pushChannel").path("type").asText()).isEqualTo("APNS");
        assertThat(Instant.parse(items.get(1).path("payload").path("validUntil").asText())).isEqualTo(validUntil);
        assertThat(items.get(2).path("actorType").asText()).isEqualTo("DEVICE");

        JsonNode retired = items.get(3);
        assertThat(retired.path("actorType").asText()).isEqualTo("ACCOUNT");
        assertThat(retired.path("actor").asText()).isEqualTo("acme-admin");
        assertThat(retired.path("requestId").asText()).isEqualTo("r-1");

        JsonNode deleted = items.get(4);
        for (String field : List.of("actorType", "actor", "requestId", "cause")) {
            assertThat(deleted.has(field)).as(field + " shown").isTrue();
            assertThat(deleted.get(field).isNull()).as(field + " null").isTrue();
        }
    }

    @Test
    void noSecretLeavesTheHistory() {
        JsonNode body = get(history(iphone), auditor).getBody();

        JsonNode pushChannel = body.path("items").get(0).path("payload").path("pushChannel");
        assertThat(pushChannel.has("type")).isTrue();
        assertThat(pushChannel.has("sealedToken")).isFalse();
        assertThat(body.toString()).doesNotContain("sealedToken").doesNotContain("sealed-apns-token");
    }

    @Test
    void theCommandChannelShowsInTheHistoryAndTheStateWithItsActorsAndWithoutTheSealedCommand() {
        DeviceId mac = DeviceId.random();
        MetaData byDevice = MetaData.with(AuditMetadata.ACTOR_TYPE, "DEVICE").and(AuditMetadata.ACTOR, mac.toString());
        appendAt("Device", mac, new EnrollmentStarted(mac, acme, joe, Platform.MACOS, "15.3", EnrollmentMethod.PORTAL,
                HardwareIdentity.UNKNOWN, null), byAdmin, at(0));
        appendAt("Device", mac, new DeviceEnrolled(mac, acme, null, false, "com.apple.mgmt.External." + run),
                byDevice, at(1));
        appendAt("Device", mac, new MdmCommandQueued(mac, acme, "INFO-1", "DeviceInformation", MdmChannel.DEVICE,
                MdmCommandPurpose.INVENTORY, Map.of("Queries", "DeviceName"), "v1.sealed-command-secret"),
                byDevice, at(2));
        appendAt("Device", mac, new MdmCommandQueued(mac, acme, "WIPE-1", "EraseDevice", MdmChannel.DEVICE,
                MdmCommandPurpose.WIPE, Map.of(), "v1.sealed-erase-with-pin"), byAdmin, at(3));
        appendAt("Device", mac, new DeviceActionRequested(mac, acme, "WIPE-1", DeviceAction.WIPE, DeviceStatus.ACTIVE),
                byAdmin, at(3));
        appendAt("Device", mac, new MdmCommandSent(mac, acme, "INFO-1", "DeviceInformation", 1), byDevice, at(4));
        appendAt("Device", mac, new MdmCommandAcknowledged(mac, acme, "INFO-1", "DeviceInformation", Map.of()),
                byDevice, at(5));
        appendAt("Device", mac, new DeviceInformationReported(mac, acme, "INFO-1", new DeviceInventory("Ann's Mac",
                "Z15G", "MacBook Air", "Mac15,12", "15.3.1", "24D70", "c02annmac1", null, null, null, 512.0, 200.0,
                false, true, null, null)), byDevice, at(5));

        JsonNode items = get(history(mac), auditor).getBody().path("items");
        assertThat(items).hasSize(8);
        JsonNode queued = items.get(3);
        assertThat(queued.path("type").asText()).isEqualTo("MdmCommandQueued");
        assertThat(queued.path("actor").asText()).isEqualTo("acme-admin");
        assertThat(queued.path("payload").path("requestType").asText()).isEqualTo("EraseDevice");
        assertThat(queued.path("payload").has("sealedCommand")).isFalse();
        assertThat(items.get(2).path("payload").path("parameters").path("Queries").asText()).isEqualTo("DeviceName");
        assertThat(items.get(2).path("actorType").asText()).isEqualTo("DEVICE");
        assertThat(items.toString()).doesNotContain("v1.sealed");

        JsonNode wiping = get(history(mac) + "?asOf=" + at(4), admin).getBody();
        assertThat(wiping.path("status").asText()).isEqualTo("WIPE_PENDING");
        assertThat(wiping.path("lastStep").asText()).isEqualTo("WIPE_REQUESTED");
        assertThat(wiping.path("pendingCommands").asInt()).isEqualTo(2);
        assertThat(Instant.parse(wiping.path("lastConnectAt").asText())).isEqualTo(at(4));
        JsonNode reported = get(history(mac) + "?asOf=" + at(5), admin).getBody();
        assertThat(reported.path("pendingCommands").asInt()).isEqualTo(1);
        assertThat(reported.path("deviceName").asText()).isEqualTo("Ann's Mac");
        assertThat(reported.path("model").asText()).isEqualTo("Mac15,12");
        assertThat(reported.path("modelName").asText()).isEqualTo("MacBook Air");
        assertThat(reported.path("osVersion").asText()).isEqualTo("15.3.1");
        assertThat(reported.path("serialNumber").asText()).isEqualTo("C02ANNMAC1");
        assertThat(reported.path("deviceCapacityGb").asDouble()).isEqualTo(512.0);
        assertThat(reported.path("activationLockEnabled").asBoolean()).isTrue();
        assertThat(reported.toString()).doesNotContain("sealed");
    }

    @Test
    void inTheMiddleOfItsLifeTheDeviceWasActive() {
        JsonNode state = get(history(iphone) + "?asOf=" + at(2).plusSeconds(30), admin).getBody();

        assertThat(state.path("deviceId").asText()).isEqualTo(iphone.toString());
        assertThat(Instant.parse(state.path("asOf").asText())).isEqualTo(at(2).plusSeconds(30));
        assertThat(state.path("exists").asBoolean()).isTrue();
        assertThat(state.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(state.path("lastStep").asText()).isEqualTo("ENROLLED");
        assertThat(state.path("platform").asText()).isEqualTo("IOS");
        assertThat(state.path("osVersion").asText()).isEqualTo("17.4");
        assertThat(state.path("method").asText()).isEqualTo("INVITATION");
        assertThat(state.path("userId").asText()).isEqualTo(joe.toString());
        assertThat(state.path("accountDriven").asBoolean(true)).isFalse();
        assertThat(state.path("serialNumber").asText()).isEqualTo("F2LXJOE1");
        assertThat(state.path("udid").asText()).isEqualTo("00008101-000A1B2C3D4E5F6A");
        assertThat(state.path("pushChannel").asText()).isEqualTo("APNS");
        assertThat(Instant.parse(state.path("profileValidUntil").asText())).isEqualTo(validUntil);
        assertThat(Instant.parse(state.path("startedAt").asText())).isEqualTo(at(0));
        assertThat(Instant.parse(state.path("enrolledAt").asText())).isEqualTo(at(2));
        assertThat(Instant.parse(state.path("lastEventAt").asText())).isEqualTo(at(2));
        assertThat(state.path("eventsApplied").asInt()).isEqualTo(3);
        assertThat(state.toString()).doesNotContain("sealed");

        JsonNode exactlyAtRetire = get(history(iphone) + "?asOf=" + at(3), auditor).getBody();
        assertThat(exactlyAtRetire.path("status").asText()).isEqualTo("INACTIVE");
        assertThat(exactlyAtRetire.path("lastStep").asText()).isEqualTo("RETIRED");
    }

    @Test
    void beforeItsFirstEventTheDeviceDidNotExist() {
        ResponseEntity<JsonNode> response = get(history(iphone) + "?asOf=" + at(0).minusMillis(1), admin);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode state = response.getBody();
        assertThat(state.path("exists").asBoolean(true)).isFalse();
        assertThat(state.path("eventsApplied").asInt()).isZero();
        assertThat(state.has("status")).isFalse();
    }

    @Test
    void afterEverythingTheFinalStateShows() {
        JsonNode state = get(history(iphone) + "?asOf=" + Instant.now().plusSeconds(60), admin).getBody();

        assertThat(state.path("exists").asBoolean()).isTrue();
        assertThat(state.path("status").asText()).isEqualTo("DELETED");
        assertThat(state.path("lastStep").asText()).isEqualTo("DELETED");
        assertThat(state.path("eventsApplied").asInt()).isEqualTo(5);
        assertThat(Instant.parse(state.path("lastEventAt").asText())).isEqualTo(at(4));
        assertThat(Instant.parse(state.path("enrolledAt").asText())).isEqualTo(at(2));
    }

    @Test
    void onlyTheDevicesTenantSeesIt() {
        assertProblem(get(history(iphone), globexAdmin), 404, "unknown-device");
        assertProblem(get(history(iphone) + "?asOf=" + at(2), globexAdmin), 404, "unknown-device");
        assertProblem(get(history(DeviceId.random()), admin), 404, "unknown-device");
        assertProblem(get(history(DeviceId.random()) + "?asOf=" + at(2), admin), 404, "unknown-device");
        // the tenant's user is an aggregate too, but not a device entry
        assertProblem(get("/api/devices/" + joe + "/history", admin), 404, "unknown-device");
        assertThat(get(history(iphone), auditor).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void badRequestsAreProblems() {
        assertProblem(rest.getForEntity(history(iphone), JsonNode.class), 401, "unauthenticated");
        assertProblem(get(history(iphone), operator), 403, "forbidden");
        assertProblem(get(history(iphone) + "?asOf=yesterday", admin), 400, "malformed-request");
        assertProblem(get(history(iphone) + "?asOf=2025-13-01T00:00:00Z", admin), 400, "malformed-request");
        assertProblem(get("/api/devices/not-a-uuid/history", admin), 400, "malformed-request");
    }

    @Test
    void theApiDocumentDescribesTheHistory() {
        JsonNode docs = rest.getForEntity("/v3/api-docs", JsonNode.class).getBody();

        JsonNode operation = docs.path("paths").path("/api/devices/{deviceId}/history").path("get");
        assertThat(operation.path("tags").toString()).contains("Device history");
        assertThat(operation.path("parameters").findValuesAsText("name")).contains("deviceId", "asOf");
    }

    private Instant at(int minute) {
        return t0.plus(Duration.ofMinutes(minute));
    }

    private static String history(DeviceId deviceId) {
        return "/api/devices/" + deviceId + "/history";
    }

    private void device(Object event, MetaData metaData, Instant timestamp) {
        appendAt("Device", iphone, event, metaData, timestamp);
    }
}
