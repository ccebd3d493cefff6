package org.mdmenroll.command.android;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ConnectMdmChannel;
import org.mdmenroll.command.device.MdmChannelCommands.Delivery;
import org.mdmenroll.command.device.MdmChannelCommands.ReportStatus;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Android agent's command channel, authenticated by its agent secret like its events: it fetches
 * the next command (woken by an FCM data message, or when it polls), carries it out and posts the
 * result, then fetches again until the list is empty. One command per fetch, as Apple's connect: the
 * queue's order holds (nothing queued after an EraseDevice is handed out before the device answered
 * it), NotNow keeps the command for a later fetch, and every recorded delivery is one the agent got.
 */
@RestController
@Tag(name = "Android agent", description = "The Android agent enrolls with its enrollment token, reports device "
        + "facts and carries out its commands.")
public class AndroidCommandChannelController {

    private static final Pattern COMMAND_ID = Pattern.compile("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");

    private final AndroidAgents agents;
    private final DeviceEnrollments enrollments;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final Duration connectRecordInterval;

    public AndroidCommandChannelController(AndroidAgents agents, DeviceEnrollments enrollments, SecretBox secrets,
            ObjectMapper json, @Value("${mdm.channel.connect-record-interval:PT1H}") Duration connectRecordInterval) {
        this.agents = agents;
        this.enrollments = enrollments;
        this.secrets = secrets;
        this.json = json;
        this.connectRecordInterval = connectRecordInterval;
    }

    /** The commands due now: at most one; empty when nothing is due. */
    public record AgentCommands(List<AgentCommand> commands) {
    }

    @GetMapping("/t/{tenant}/android/{deviceId}/commands")
    @Operation(summary = "The agent's next command (Bearer agent secret): a list of at most one, empty when nothing "
            + "is due; answer it with POST .../commands/{commandId}/result, then fetch again",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The command due, or none",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = AgentCommands.class))),
                    @ApiResponse(responseCode = "401", description = "invalid-agent-secret: not this entry's agent "
                            + "secret; device-not-managed: the entry is not (or no longer) managed (retired, wiped, "
                            + "deleted, superseded), so the agent should leave management",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class)))})
    public ResponseEntity<AgentCommands> commands(@PathVariable DeviceId deviceId,
            @Parameter(description = "Bearer <agentSecret>, as POST /t/{tenant}/android/enroll answered it")
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            TenantEntry tenant) {
        agents.authenticate(tenant.tenantId(), deviceId, authorization);
        Delivery delivery = enrollments.send(tenant.tenantId(), deviceId, new ConnectMdmChannel(deviceId,
                MdmChannel.ANDROID_AGENT, ReportStatus.IDLE, null, List.of(), CommandResult.NONE,
                connectRecordInterval));
        List<AgentCommand> due = delivery == null ? List.of() : List.of(AgentCommand.of(delivery.commandUuid(),
                secrets.open(SecretPurpose.MDM_COMMAND, delivery.sealedCommand()), json));
        // The answer holds the unsealed command: no cache keeps it.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new AgentCommands(due));
    }

    @PostMapping("/t/{tenant}/android/{deviceId}/commands/{commandId}/result")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Record the agent's answer to a command (Bearer agent secret): ACKNOWLEDGED (DeviceInformation "
            + "with deviceInformation), ERROR (errorCode, errorMessage) or NOT_NOW (fetched again later)",
            description = "An acknowledged EraseDevice makes the entry WIPED, RemoveManagement INACTIVE; an ERROR returns a "
                    + "pending wipe or retire to the status before it. A result for a command the entry does not have "
                    + "open is recorded once and otherwise ignored.",
            responses = {
                    @ApiResponse(responseCode = "204", description = "Recorded"),
                    @ApiResponse(responseCode = "400", description = "malformed-request, invalid-request (a field too "
                            + "long, no status), invalid-command-id (not a UUID), invalid-agent-result (deviceInformation "
                            + "without ACKNOWLEDGED, an error without ERROR); nothing is recorded",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "401", description = "invalid-agent-secret, or device-not-managed",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class)))})
    public void result(@PathVariable DeviceId deviceId,
            @Parameter(description = "The commandId of the command answered") @PathVariable String commandId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Valid @RequestBody AgentResult result, TenantEntry tenant) {
        agents.authenticate(tenant.tenantId(), deviceId, authorization);
        String commandUuid = commandUuid(commandId);
        result.requireConsistent();
        enrollments.send(tenant.tenantId(), deviceId, new ConnectMdmChannel(deviceId, MdmChannel.ANDROID_AGENT,
                result.reportStatus(), commandUuid, result.errorChain(), result.commandResult(), connectRecordInterval,
                false));
    }

    /** Commands are queued with upper-case UUIDs; an agent that changed the case still names its command. */
    private static String commandUuid(String commandId) {
        if (!COMMAND_ID.matcher(commandId).matches()) {
            throw new Refusal(Refusal.Kind.INVALID, "invalid-command-id", "The command id is the commandId of a "
                    + "fetched command, a UUID.", Map.of("commandId", commandId.length() > 64
                    ? commandId.substring(0, 64) : commandId));
        }
        return commandId.toUpperCase(Locale.ROOT);
    }
}
