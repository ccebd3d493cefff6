package org.mdmenroll.query.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.query.history.DeviceHistoryQueries.FindDeviceHistory;
import org.mdmenroll.query.history.DeviceHistoryQueries.FindDeviceStateAt;
import org.mdmenroll.query.history.DeviceHistoryQueries.FoundDeviceHistory;
import org.mdmenroll.query.history.DeviceHistoryQueries.FoundDeviceState;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** A device entry's history, read from the event store: every event, or the entry's state at a moment. */
@RestController
@Tag(name = "Device history", description = "Every event of a device entry with who caused it, and the entry's "
        + "state at any moment, replayed from the event store.")
public class DeviceHistoryController {

    private final QueryGateway queries;

    public DeviceHistoryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/devices/{deviceId}/history")
    @Operation(summary = "A device entry's events in order (sequence, type, timestamp, actor, request, payload "
            + "without secrets); with asOf, the entry's state at that moment instead",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The history, or with asOf the state",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(oneOf = {DeviceHistory.class, DeviceStateAt.class}))),
                    @ApiResponse(responseCode = "400", description = "asOf is not an ISO-8601 instant",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "404", description = "No such device entry (unknown-device)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class)))})
    public Object history(@AuthenticationPrincipal AccountPrincipal account, @PathVariable DeviceId deviceId,
            @Parameter(description = "An ISO-8601 instant, e.g. 2025-03-01T12:00:00Z: answer the entry's state "
                    + "after the events stored up to then")
            @RequestParam(required = false) Instant asOf) {
        if (asOf == null) {
            FoundDeviceHistory found = queries.query(new FindDeviceHistory(account.tenantId(), deviceId),
                    FoundDeviceHistory.class).join();
            return orUnknown(found.history());
        }
        FoundDeviceState found = queries.query(new FindDeviceStateAt(account.tenantId(), deviceId, asOf),
                FoundDeviceState.class).join();
        return orUnknown(found.state());
    }

    private static <T> T orUnknown(T answer) {
        if (answer == null) {
            throw Refusal.notFound("unknown-device", "No such device entry.");
        }
        return answer;
    }
}
