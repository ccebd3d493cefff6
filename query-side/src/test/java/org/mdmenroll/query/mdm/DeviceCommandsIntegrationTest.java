package org.mdmenroll.query.mdm;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.query.Eventually;
import org.mdmenroll.query.QuerySideTest;
import org.mdmenroll.support.audit.AuditMetadata;
import org.mdmenroll.support.web.Cursor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device entry's MDM commands on a real PostgreSQL: the queue's events, appended as the command
 * side appends them, read back newest first with their deliveries, answers and who queued them,
 * paged by cursor, for the entry's tenant only and never with the sealed command.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceCommandsIntegrationTest extends QuerySideTest {

    @Autowired
    DeviceCommandProjection projection;
    @Autowired
    JdbcClient jdbc;

    private final String admin = "admin-" + run;
    private final String auditor = "auditor-" + run;
    private final String globexAdmin = "globex-admin-" + run;
    private final String operator = "op-" + run;
    private final TenantId acme = TenantId.random();
    private final TenantId globex = TenantId.random();
    private final UserId joe = UserId.random();
    private final Map<DeviceId, TenantId> tenants = new HashMap<>();
    private final MetaData byAdmin = MetaData.with(AuditMetadata.ACTOR_TYPE, "ACCOUNT")
            .and(AuditMetadata.ACTOR, "acme-admin").and(AuditMetadata.REQUEST_ID, "req-1");
    private final MetaData byDevice = MetaData.with(AuditMetadata.ACTOR_TYPE, "DEVICE")
            .and(AuditMetadata.ACTOR, "the-device").and(AuditMetadata.REQUEST_ID, "req-2");

    @BeforeEach
    void tenantsAndAccounts() {
        tenant(acme, "acme-" + run);
        tenant(globex, "globex-" + run);
        account(admin, Role.ADMIN, acme);
        account(auditor, Role.AUDITOR, acme);
        account(globexAdmin, Role.ADMIN, globex);
        account(operator, Role.OPERATOR, null);
        awaitSignIn(admin, auditor, globexAdmin, operator);
    }

    @Test
    void eachCommandShowsItsDeliveriesAnswerAndWhoQueuedItNewestFirst() {
        DeviceId iphone = enrolled(acme);
        append("Device", iphone, queued(iphone, "INFO-1", "DeviceInformation", MdmCommandPurpose.INVENTORY, Map.of()),
                byDevice);
        append("Device", iphone, new MdmCommandSent(iphone, acme, "INFO-1", "DeviceInformation", 1), byDevice);
        append("Device", iphone, new MdmCommandNotNow(iphone, acme, "INFO-1", "DeviceInformation"), byDevice);
        append("Device", iphone, new MdmCommandSent(iphone, acme, "INFO-1", "DeviceInformation", 2), byDevice);
        append("Device", iphone, new MdmCommandAcknowledged(iphone, acme, "INFO-1", "DeviceInformation", Map.of()),
                byDevice);
        append("Device", iphone, queued(iphone, "PROFILES-1", "ProfileList", MdmCommandPurpose.ADMIN, Map.of()),
                byAdmin);
        append("Device", iphone, new MdmCommandSent(iphone, acme, "PROFILES-1", "ProfileList", 1), byDevice);
        append("Device", iphone, new MdmCommandAcknowledged(iphone, acme, "PROFILES-1", "ProfileList",
                Map.of("profiles", "3")), byDevice);
        append("Device", iphone, queued(iphone, "LOCK-1", "DeviceLock", MdmCommandPurpose.ADMIN,
                Map.of("Message", "Call IT", "PIN", "123456")), byAdmin);
        append("Device", iphone, new MdmCommandSent(iphone, acme, "LOCK-1", "DeviceLock", 1), byDevice);
        append("Device", iphone, new MdmCommandFailed(iphone, acme, "LOCK-1", "DeviceLock",
                MdmCommandFailed.Failure.ERROR, List.of(new MdmError(12021, "MCMDMErrorDomain", "Not supported"))),
                byDevice);
        append("Device", iphone, queued(iphone, "RESTART-1", "RestartDevice", MdmCommandPurpose.ADMIN, Map.of()),
                byAdmin);
        append("Device", iphone, new MdmCommandCancelled(iphone, acme, "RESTART-1", "RestartDevice",
                MdmCommandCancelled.Reason.ADMIN), byAdmin);
        append("Device", iphone, queued(iphone, "CERTS-1", "CertificateList", MdmCommandPurpose.ADMIN, Map.of()),
                byAdmin);
        append("Device", iphone, queued(iphone, "RETIRE-1", "RemoveProfile", MdmCommandPurpose.RETIRE, Map.of()),
                byAdmin);
        append("Device", iphone, new MdmCommandSent(iphone, acme, "RETIRE-1", "RemoveProfile", 1), byDevice);
        append("Device", iphone, new DeviceRetired(iphone, acme), byDevice);
        append("Device", iphone, new MdmCommandCancelled(iphone, acme, "CERTS-1", "CertificateList",
                MdmCommandCancelled.Reason.LEFT_MANAGEMENT), byDevice);

        List<JsonNode> commands = await(iphone, 6, items -> items.get(1).path("status").asText().equals("CANCELLED"));
        assertThat(commands).extracting(c -> c.path("commandUuid").asText())
                .containsExactly("RETIRE-1", "CERTS-1", "RESTART-1", "LOCK-1", "PROFILES-1", "INFO-1");
        assertThat(commands).extracting(c -> c.path("status").asText())
                .containsExactly("SENT", "CANCELLED", "CANCELLED", "ERROR", "ACKNOWLEDGED", "ACKNOWLEDGED");

        JsonNode info = commands.get(5);
        assertThat(info.path("requestType").asText()).isEqualTo("DeviceInformation");
        assertThat(info.path("purpose").asText()).isEqualTo("INVENTORY");
        assertThat(info.path("channel").path("type").asText()).isEqualTo("DEVICE");
        assertThat(info.path("attempts").asInt()).isEqualTo(2);
        assertThat(info.path("queuedByType").asText()).isEqualTo("DEVICE");
        assertThat(info.path("queuedBy").asText()).isEqualTo("the-device");
        Instant queuedAt = Instant.parse(info.path("queuedAt").asText());
        Instant lastSentAt = Instant.parse(info.path("lastSentAt").asText());
        Instant answeredAt = Instant.parse(info.path("answeredAt").asText());
        assertThat(lastSentAt).isAfterOrEqualTo(queuedAt);
        assertThat(answeredAt).isAfterOrEqualTo(lastSentAt);
        assertThat(info.path("result").isEmpty()).isTrue();

        JsonNode profiles = commands.get(4);
        assertThat(profiles.path("queuedByType").asText()).isEqualTo("ACCOUNT");
        assertThat(profiles.path("queuedBy").asText()).isEqualTo("acme-admin");
        assertThat(profiles.path("result").path("profiles").asText()).isEqualTo("3");
        assertThat(profiles.path("attempts").asInt()).isEqualTo(1);

        JsonNode lock = commands.get(3);
        assertThat(lock.path("parameters").path("Message").asText()).isEqualTo("Call IT");
        assertThat(lock.path("parameters").has("PIN")).as("a parameter named like a secret").isFalse();
        assertThat(lock.path("errorChain").get(0).path("code").asInt()).isEqualTo(12021);
        assertThat(lock.path("errorChain").get(0).path("domain").asText()).isEqualTo("MCMDMErrorDomain");
        assertThat(lock.path("errorChain").get(0).path("description").asText()).isEqualTo("Not supported");

        JsonNode restart = commands.get(2);
        assertThat(restart.path("cancelReason").asText()).isEqualTo("ADMIN");
        assertThat(restart.has("cancelledAt")).isTrue();
        assertThat(restart.path("attempts").asInt()).isZero();
        assertThat(restart.has("lastSentAt")).isFalse();
        assertThat(commands.get(1).path("cancelReason").asText()).isEqualTo("LEFT_MANAGEMENT");
        assertThat(commands.get(0).path("purpose").asText()).isEqualTo("RETIRE");

        String everything = commands.toString();
        assertThat(everything).doesNotContain("sealed").doesNotContain("123456");
        assertThat(items("/api/devices/" + iphone + "/commands", auditor)).hasSize(6);
    }

    @Test
    void commandsArePagedByCursorNewestFirstAndBadPagingIsAProblem() {
        DeviceId mac = enrolled(acme);
        List<String> queuedOrder = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String uuid = "CMD-" + i;
            queuedOrder.add(0, uuid);
            append("Device", mac, queued(mac, uuid, "DeviceInformation", MdmCommandPurpose.ADMIN, Map.of()), byAdmin);
        }
        await(mac, 7, items -> true);

        List<String> seen = new ArrayList<>();
        String url = "/api/devices/" + mac + "/commands?limit=3";
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(url + (cursor == null ? "" : "&cursor=" + cursor), admin).getBody();
            page.path("items").forEach(item -> seen.add(item.path("commandUuid").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(queuedOrder);

        assertProblem(get("/api/devices/" + mac + "/commands?cursor=not-a-cursor", admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices/" + mac + "/commands?cursor=" + Cursor.encode("x"),
                admin), 400, "invalid-cursor");
        assertProblem(get("/api/devices/" + mac + "/commands?limit=0", admin), 400, "invalid-limit");
        assertProblem(get("/api/devices/" + mac + "/commands?limit=501", admin), 400, "invalid-limit");
        assertProblem(get("/api/devices/not-a-uuid/commands", admin), 400, "malformed-request");
    }

    @Test
    void onlyTheEntrysTenantSeesItsCommands() {
        DeviceId acmeDevice = enrolled(acme);
        append("Device", acmeDevice, queued(acmeDevice, "ACME-1", "DeviceInformation", MdmCommandPurpose.ADMIN,
                Map.of()), byAdmin);
        DeviceId quiet = enrolled(acme);
        DeviceId globexDevice = enrolled(globex);
        append("Device", globexDevice, queued(globexDevice, "GLOBEX-1", "DeviceInformation",
                MdmCommandPurpose.ADMIN, Map.of()), byAdmin);
        await(acmeDevice, 1, items -> true);
        Eventually.until("the globex device's command", () -> {
            ResponseEntity<JsonNode> page = get("/api/devices/" + globexDevice + "/commands", globexAdmin);
            return page.getStatusCode().value() == 200 && page.getBody().path("items").size() == 1;
        });

        assertProblem(get("/api/devices/" + globexDevice + "/commands", admin), 404, "unknown-device");
        assertProblem(get("/api/devices/" + acmeDevice + "/commands", globexAdmin), 404, "unknown-device");
        assertProblem(get("/api/devices/" + DeviceId.random() + "/commands", auditor), 404, "unknown-device");
        Eventually.until("the quiet device known", () -> get("/api/devices/" + quiet + "/commands", admin)
                .getStatusCode().value() == 200);
        ResponseEntity<JsonNode> none = get("/api/devices/" + quiet + "/commands", auditor);
        assertThat(none.getBody().path("items")).isEmpty();
        assertThat(none.getBody().has("nextCursor")).isFalse();
        assertProblem(rest.getForEntity("/api/devices/" + acmeDevice + "/commands", JsonNode.class), 401,
                "unauthenticated");
        assertProblem(get("/api/devices/" + acmeDevice + "/commands", operator), 403, "forbidden");
        assertThat(rest.getForObject("/v3/api-docs", String.class)).contains("/api/devices/{deviceId}/commands");
    }

    /** Delivered again or out of order (a segment moving between instances), an event changes nothing. */
    @Test
    void anEventDeliveredAgainOrLateLeavesTheRowAsItWas() throws Exception {
        DeviceId deviceId = DeviceId.random();
        String uuid = "AGAIN-" + UUID.randomUUID();
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection);
        List<Object> events = List.of(started(deviceId, acme),
                queued(deviceId, uuid, "DeviceInformation", MdmCommandPurpose.ADMIN, Map.of()),
                new MdmCommandSent(deviceId, acme, uuid, "DeviceInformation", 1),
                new MdmCommandAcknowledged(deviceId, acme, uuid, "DeviceInformation", Map.of("answered", "yes")));
        Instant at = Instant.now();
        for (int i = 0; i < events.size(); i++) {
            handle(handlers, deviceId, i, events.get(i), at.plusSeconds(i));
        }
        Map<String, Object> row = row(deviceId, uuid);
        assertThat(row.get("status")).isEqualTo("ACKNOWLEDGED");

        handle(handlers, deviceId, 2, events.get(2), at.plusSeconds(60));
        handle(handlers, deviceId, 1, events.get(1), at.plusSeconds(61));
        handle(handlers, deviceId, 3, events.get(3), at.plusSeconds(62));

        assertThat(row(deviceId, uuid)).isEqualTo(row);
    }

    private void handle(AnnotationEventHandlerAdapter handlers, DeviceId deviceId, long sequence, Object event,
            Instant at) throws Exception {
        handlers.handle(new GenericDomainEventMessage<>("Device", deviceId.toString(), sequence, event, byAdmin,
                UUID.randomUUID().toString(), at));
    }

    private Map<String, Object> row(DeviceId deviceId, String uuid) {
        return jdbc.sql("select * from device_command where device_id = ? and command_uuid = ?")
                .params(deviceId.value(), uuid).query().singleRow();
    }

    private DeviceId enrolled(TenantId tenant) {
        DeviceId deviceId = DeviceId.random();
        tenants.put(deviceId, tenant);
        append("Device", deviceId, started(deviceId, tenant));
        append("Device", deviceId, new DeviceEnrolled(deviceId, tenant, null, false, "com.apple.mgmt.External." + run));
        return deviceId;
    }

    private EnrollmentStarted started(DeviceId deviceId, TenantId tenant) {
        return new EnrollmentStarted(deviceId, tenant, joe, Platform.IOS, "17.4", EnrollmentMethod.INVITATION,
                new HardwareIdentity("SERIAL-" + deviceId, null, null, null), null);
    }

    private MdmCommandQueued queued(DeviceId deviceId, String commandUuid, String requestType,
                                    MdmCommandPurpose purpose, Map<String, String> parameters) {
        return new MdmCommandQueued(deviceId, tenants.getOrDefault(deviceId, acme), commandUuid, requestType, MdmChannel.DEVICE, purpose,
                parameters, "v1.sealed-command-123456");
    }

    /** The entry's commands once there are {@code count} of them and they meet {@code condition}. */
    private List<JsonNode> await(DeviceId deviceId, int count, Predicate<List<JsonNode>> condition) {
        ResponseEntity<JsonNode> page = Eventually.value(count + " commands of " + deviceId,
                () -> get("/api/devices/" + deviceId + "/commands", admin), response -> {
                    if (response.getStatusCode().value() != 200) {
                        return false;
                    }
                    List<JsonNode> items = new ArrayList<>();
                    response.getBody().path("items").forEach(items::add);
                    return items.size() == count && condition.test(items);
                });
        List<JsonNode> items = new ArrayList<>();
        page.getBody().path("items").forEach(items::add);
        return items;
    }
}
