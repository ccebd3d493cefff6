package org.mdmenroll.query.mdm;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.query.mdm.DeviceCommandQueries.DeviceCommandPage;
import org.mdmenroll.query.mdm.DeviceCommandQueries.FindDeviceCommands;
import org.mdmenroll.query.mdm.DeviceCommandQueries.FoundDeviceCommands;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A device entry's MDM commands for the admins and auditors of its tenant. */
@RestController
@Tag(name = "Device commands", description = "The MDM commands of a device entry: what was queued, by whom and "
        + "why, its deliveries and the device's answer.")
public class DeviceCommandController {

    private final QueryGateway queries;

    public DeviceCommandController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/devices/{deviceId}/commands")
    @Operation(summary = "A device entry's MDM commands, newest first, cursor paged (deleted entries included)",
            responses = {
                    @ApiResponse(responseCode = "200", description = "A page of commands; nextCursor while more follow",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = DeviceCommandPage.class))),
                    @ApiResponse(responseCode = "400", description = "Not a device id, or a cursor or limit this "
                            + "service did not issue or allow (malformed-request, invalid-cursor, invalid-limit)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "401", description = "Not signed in (unauthenticated)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "403", description = "Not an admin or auditor of a tenant (forbidden)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "404", description = "No such device entry of the tenant "
                            + "(unknown-device)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    schema = @Schema(implementation = ProblemDetail.class)))})
    public DeviceCommandPage commands(@AuthenticationPrincipal AccountPrincipal account,
            @PathVariable DeviceId deviceId,
            @Parameter(description = "The nextCursor of the page before") @RequestParam(required = false) String cursor,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit) {
        FindDeviceCommands query = new FindDeviceCommands(account.tenantId(), deviceId, cursor, Cursor.limit(limit));
        FoundDeviceCommands found = queries.query(query, FoundDeviceCommands.class).join();
        if (found.page() == null) {
            throw Refusal.notFound("unknown-device", "No such device entry.");
        }
        return found.page();
    }
}
