package org.mdmenroll.command.android;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.StoppedClockConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Android agent's command channel end to end on a real PostgreSQL: an agent enrolled through
 * the QR code's token fetches DeviceInformation and acknowledges it with the device's inventory; an
 * admin's wipe waits for the agent (NotNow once, then acknowledged: WIPED); a retire the agent
 * answers with an error returns the entry to ACTIVE; bad results are refused with nothing recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        StoppedClockConfiguration.FEW_CONNECTIONS})
@Import(StoppedClockConfiguration.class)
class AndroidCommandChannelIntegrationTest extends CommandSideRestTest {

    @Autowired
    MutableClock clock;

    private String joeId;

    /** An enrolled agent: its entry and the secret it authenticates with. */
    private record Agent(String deviceId, String secret) {
    }

    @BeforeEach
    void tenantProvisioningAndUser() {
        clock.setInstant(Instant.now());
        createTenantsWithAdmins();
        joeId = createUser(acme, "joe@" + acme + ".example.com", null);
        ResponseEntity<JsonNode> settings = admin(acme, HttpMethod.PUT, "/api/settings/android-provisioning", """
                {"adminComponentName":"com.acme.agent/.AdminReceiver",
                 "packageDownloadLocation":"https://downloads.acme.example.com/agent.apk",
                 "signatureChecksum":"%s"}""".formatted(AndroidEnrollmentIntegrationTest.CHECKSUM_HEX));
        assertThat(settings.getStatusCode().value()).as(String.valueOf(settings.getBody())).isEqualTo(200);
    }

    /** A token for Joe, the agent's enrollment with an FCM token, and (unless told not to) its ENROLLED. */
    private Agent enrolledAgent(String serial, boolean reportEnrolled) {
        ResponseEntity<JsonNode> token = admin(acme, HttpMethod.POST, "/api/android/enrollment-tokens",
                "{\"userId\":\"" + joeId + "\",\"oneTime\":true,\"validFor\":\"PT1H\"}");
        assertThat(token.getStatusCode().value()).as(String.valueOf(token.getBody())).isEqualTo(201);
        ResponseEntity<JsonNode> enrolled = anonymous(HttpMethod.POST, "/t/" + acme + "/android/enroll",
                "{\"enrollmentToken\":\"" + token.getBody().path("token").asText() + "\",\"sdkInt\":34,"
                        + "\"managementMode\":\"FULLY_MANAGED\",\"serialNumber\":\"" + serial + "\","
                        + "\"fcmToken\":\"fcm-registration-token-" + serial + "\"}");
        assertThat(enrolled.getStatusCode().value()).as(String.valueOf(enrolled.getBody())).isEqualTo(201);
        Agent agent = new Agent(enrolled.getBody().path("deviceId").asText(),
                enrolled.getBody().path("agentSecret").asText());
        if (reportEnrolled) {
            ResponseEntity<JsonNode> event = exchange(bearer(agent.secret()), HttpMethod.POST,
                    "/t/" + acme + "/android/" + agent.deviceId() + "/events", "{\"type\":\"ENROLLED\"}");
            assertThat(event.getStatusCode().value()).as(String.valueOf(event.getBody())).isEqualTo(204);
        }
        return agent;
    }

    private static HttpHeaders bearer(String secret) {
        HttpHeaders headers = new HttpHeaders();
        if (secret != null) {
            headers.setBearerAuth(secret);
        }
        return headers;
    }

    private ResponseEntity<JsonNode> fetch(Agent agent, String secret) {
        return exchange(bearer(secret), HttpMethod.GET, "/t/" + acme + "/android/" + agent.deviceId() + "/commands",
                null);
    }

    /** The commands the agent fetches, which must answer 200. */
    private JsonNode fetched(Agent agent) {
        ResponseEntity<JsonNode> response = fetch(agent, agent.secret());
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
        return response.getBody().path("commands");
    }

    /** The one command the agent fetches, of this request type: its commandId. */
    private String fetchedOne(Agent agent, String requestType) {
        JsonNode commands = fetched(agent);
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).path("requestType").asText()).isEqualTo(requestType);
        return commands.get(0).path("commandId").asText();
    }

    private ResponseEntity<JsonNode> post(Agent agent, String secret, String commandId, String json) {
        return exchange(bearer(secret), HttpMethod.POST,
                "/t/" + acme + "/android/" + agent.deviceId() + "/commands/" + commandId + "/result", json);
    }

    private void answers(Agent agent, String commandId, String json) {
        ResponseEntity<JsonNode> response = post(agent, agent.secret(), commandId, json);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(204);
    }

    private void adminAsks(String action, Agent agent) {
        ResponseEntity<JsonNode> response = admin(acme, HttpMethod.POST, "/api/devices/" + agent.deviceId() + "/"
                + action, null);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
    }

    private String status(Agent agent) {
        return jdbc.sql("select status from command_side.device_entry where device_id = ?::uuid")
                .param(agent.deviceId()).query(String.class).single();
    }

    @Test
    void theAgentReportsItsInventoryAndAWipeWaitsForItsAcknowledgement() {
        Agent agent = enrolledAgent("R58N1234", true);
        assertThat(status(agent)).isEqualTo("ACTIVE");
        String queued = payload(agent.deviceId(), "MdmCommandQueued").path("commandUuid").asText();

        JsonNode commands = fetched(agent);
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).path("commandId").asText()).isEqualTo(queued);
        assertThat(commands.get(0).path("requestType").asText()).isEqualTo("DeviceInformation");
        assertThat(commands.get(0).path("parameters").isObject()).isTrue();
        assertThat(payload(agent.deviceId(), "MdmCommandSent").path("attempt").asInt()).isEqualTo(1);

        // The agent may name the command in lower case.
        answers(agent, queued.toLowerCase(Locale.ROOT), """
                {"status":"ACKNOWLEDGED","deviceInformation":{"deviceName":"Joe's Pixel","manufacturer":"Google",
                 "model":"Pixel 8","product":"shiba","osVersion":"14","buildVersion":"AP1A.240405.002",
                 "serialNumber":"R58N1234","imei":"356938035643809","deviceCapacityGb":128.0,
                 "availableCapacityGb":97.5,"wifiMac":"02:00:00:00:00:00"}}""");
        JsonNode inventory = payload(agent.deviceId(), "DeviceInformationReported").path("inventory");
        assertThat(inventory.path("deviceName").asText()).isEqualTo("Joe's Pixel");
        assertThat(inventory.path("model").asText()).isEqualTo("Pixel 8");
        assertThat(inventory.path("modelName").asText()).isEqualTo("Google Pixel 8");
        assertThat(inventory.path("productName").asText()).isEqualTo("shiba");
        assertThat(inventory.path("osVersion").asText()).isEqualTo("14");
        assertThat(inventory.path("buildVersion").asText()).isEqualTo("AP1A.240405.002");
        assertThat(inventory.path("serialNumber").asText()).isEqualTo("R58N1234");
        assertThat(inventory.path("imei").asText()).isEqualTo("356938035643809");
        assertThat(inventory.path("deviceCapacityGb").asDouble()).isEqualTo(128.0);
        assertThat(inventory.path("availableCapacityGb").asDouble()).isEqualTo(97.5);
        assertThat(inventory.path("udid").isNull()).isTrue();
        assertThat(events(agent.deviceId())).endsWith("MdmCommandSent", "MdmCommandAcknowledged",
                "DeviceInformationReported");

        // Nothing due: an empty list; the agent was heard from just now, so no connect is recorded.
        long before = eventCount();
        assertThat(fetched(agent)).isEmpty();
        assertThat(eventCount()).isEqualTo(before);

        adminAsks("wipe", agent);
        assertThat(status(agent)).isEqualTo("WIPE_PENDING");
        String erase = fetchedOne(agent, "EraseDevice");
        answers(agent, erase, "{\"status\":\"NOT_NOW\"}");
        assertThat(status(agent)).isEqualTo("WIPE_PENDING");
        assertThat(fetchedOne(agent, "EraseDevice")).isEqualTo(erase);
        assertThat(payload(agent.deviceId(), "MdmCommandSent").path("attempt").asInt()).isEqualTo(2);

        answers(agent, erase, "{\"status\":\"ACKNOWLEDGED\"}");
        assertThat(status(agent)).isEqualTo("WIPED");
        assertThat(events(agent.deviceId())).endsWith("DeviceActionRequested", "MdmCommandSent", "MdmCommandNotNow",
                "MdmCommandSent", "MdmCommandAcknowledged", "DeviceWiped");
        assertThat(jdbc.sql("select convert_from(metadata, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%.DeviceWiped'")
                .param(agent.deviceId()).query(String.class).single()).contains("\"actorType\":\"DEVICE\"");
        // A wiped entry is no longer managed: the agent is told so.
        assertProblem(fetch(agent, agent.secret()), 401, "device-not-managed");
    }

    @Test
    void aRetireTheAgentAnswersWithAnErrorReturnsTheEntryToActive() {
        Agent agent = enrolledAgent("R58N5678", true);
        adminAsks("retire", agent);
        assertThat(status(agent)).isEqualTo("RETIRE_PENDING");
        // The inventory was asked first; the agent answers it before it gets the retire.
        answers(agent, fetchedOne(agent, "DeviceInformation"), "{\"status\":\"ACKNOWLEDGED\"}");
        String remove = fetchedOne(agent, "RemoveManagement");
        answers(agent, remove, """
                {"status":"ERROR","errorCode":3,"errorMessage":"The agent is not the device owner"}""");

        assertThat(status(agent)).isEqualTo("ACTIVE");
        JsonNode failed = payload(agent.deviceId(), "MdmCommandFailed");
        assertThat(failed.path("commandUuid").asText()).isEqualTo(remove);
        assertThat(failed.path("errorChain").get(0).path("code").asInt()).isEqualTo(3);
        assertThat(failed.path("errorChain").get(0).path("domain").asText()).isEqualTo("AndroidAgent");
        assertThat(payload(agent.deviceId(), "DeviceActionReverted").path("detail").asText())
                .isEqualTo("The agent is not the device owner (AndroidAgent 3)");
        assertThat(fetched(agent)).isEmpty();
    }

    @Test
    void aResultForACommandTheEntryDoesNotHaveOpenIsRecordedOnce() {
        Agent agent = enrolledAgent("R58N9012", true);
        String unknown = "0A1B2C3D-0000-4000-8000-00000000BEEF";
        answers(agent, unknown, "{\"status\":\"ACKNOWLEDGED\"}");
        assertThat(payload(agent.deviceId(), "MdmUnexpectedResult").path("commandUuid").asText()).isEqualTo(unknown);
        long before = eventCount();
        answers(agent, unknown, "{\"status\":\"ACKNOWLEDGED\"}");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void theOpenApiDocumentShowsBothOperationsWithTheirProblems() {
        JsonNode paths = rest.getForObject("/v3/api-docs", JsonNode.class).path("paths");
        JsonNode fetch = paths.path("/t/{tenant}/android/{deviceId}/commands").path("get");
        assertThat(fetch.path("responses").path("200").path("content").path("application/json").path("schema")
                .path("$ref").asText()).endsWith("/AgentCommands");
        assertThat(fetch.path("responses").path("401").path("content").has("application/problem+json")).isTrue();
        JsonNode result = paths.path("/t/{tenant}/android/{deviceId}/commands/{commandId}/result").path("post");
        assertThat(result.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText()).endsWith("/AgentResult");
        assertThat(result.path("responses").has("204")).isTrue();
        for (String status : List.of("400", "401")) {
            assertThat(result.path("responses").path(status).path("content").has("application/problem+json"))
                    .as(status).isTrue();
        }
    }

    @Test
    void badResultsAndStrangersAreRefusedAndRecordNothing() {
        Agent agent = enrolledAgent("R58N3456", true);
        Agent other = enrolledAgent("R58N7890", false);
        String command = fetchedOne(agent, "DeviceInformation");
        long before = eventCount();

        assertProblem(post(agent, agent.secret(), command, "{\"status\":\"DONE\"}"), 400, "malformed-request");
        assertProblem(post(agent, agent.secret(), command, "{\"status\":"), 400, "malformed-request");
        assertProblem(post(agent, agent.secret(), command, "{}"), 400, "invalid-request");
        assertProblem(post(agent, agent.secret(), command, "{\"status\":\"ACKNOWLEDGED\",\"deviceInformation\":"
                + "{\"imei\":\"" + "3".repeat(21) + "\"}}"), 400, "invalid-request");
        assertProblem(post(agent, agent.secret(), command, "{\"status\":\"ACKNOWLEDGED\",\"deviceInformation\":"
                + "{\"deviceCapacityGb\":-1}}"), 400, "invalid-request");
        assertProblem(post(agent, agent.secret(), command, "{\"status\":\"ERROR\",\"deviceInformation\":{}}"), 400,
                "invalid-agent-result");
        assertProblem(post(agent, agent.secret(), command, "{\"status\":\"ACKNOWLEDGED\",\"errorCode\":1}"), 400,
                "invalid-agent-result");
        assertProblem(post(agent, agent.secret(), "not-a-command", "{\"status\":\"ACKNOWLEDGED\"}"), 400,
                "invalid-command-id");
        assertProblem(post(agent, null, command, "{\"status\":\"ACKNOWLEDGED\"}"), 401, "invalid-agent-secret");
        assertProblem(post(agent, other.secret(), command, "{\"status\":\"ACKNOWLEDGED\"}"), 401,
                "invalid-agent-secret");
        assertProblem(fetch(agent, "not-the-secret"), 401, "invalid-agent-secret");
        assertProblem(fetch(agent, null), 401, "invalid-agent-secret");
        assertProblem(exchange(bearer(agent.secret()), HttpMethod.GET, "/t/" + globex + "/android/" + agent.deviceId()
                + "/commands", null), 401, "invalid-agent-secret");
        // An agent that has not reported ENROLLED has no managed entry yet.
        assertProblem(fetch(other, other.secret()), 401, "device-not-managed");
        assertThat(eventCount()).isEqualTo(before);

        answers(agent, command, "{\"status\":\"ACKNOWLEDGED\"}");
        assertThat(events(agent.deviceId())).endsWith("MdmCommandAcknowledged");
        assertThat(List.of(status(agent), status(other))).containsExactly("ACTIVE", "PENDING");
    }
}
