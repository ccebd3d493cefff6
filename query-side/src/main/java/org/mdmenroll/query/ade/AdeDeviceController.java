package org.mdmenroll.query.ade;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.query.ade.AdeDeviceQueries.AdeDevicePage;
import org.mdmenroll.query.ade.AdeDeviceQueries.AdeProfiles;
import org.mdmenroll.query.ade.AdeDeviceQueries.FindAdeDevices;
import org.mdmenroll.query.ade.AdeDeviceQueries.FindAdeProfiles;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The ADE device directory and the tokens' enrollment profiles, for the tenant's admins and auditors. */
@RestController
@Tag(name = "ADE devices", description = "The devices Apple Business Manager assigned to the tenant's ADE tokens, "
        + "linked to the entry each enrolled as, and the tokens' enrollment profiles.")
public class AdeDeviceController {

    private final QueryGateway queries;

    public AdeDeviceController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/ade/devices")
    @Operation(summary = "The ADE device directory by serial number, cursor paged; filters combine", responses = {
            @ApiResponse(responseCode = "200", description = "A page of devices; nextCursor while more follow",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = AdeDevicePage.class))),
            @ApiResponse(responseCode = "400", description = "A token that is not a token id (malformed-request), a "
                    + "profile status that is not Apple's (invalid-profile-status), a cursor or limit this service did "
                    + "not issue or allow (invalid-cursor, invalid-limit)",
                    content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "401", description = "Not signed in (unauthenticated)",
                    content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "403", description = "Not an admin or auditor of a tenant (forbidden)",
                    content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class)))})
    public AdeDevicePage devices(@AuthenticationPrincipal AccountPrincipal account,
            @Parameter(description = "Only the devices this ADE token's syncs listed last")
            @RequestParam(required = false) CredentialId token,
            @Parameter(description = "Apple's profile statuses, comma-separated: empty, assigned, pushed, removed")
            @RequestParam(required = false) List<String> profileStatus,
            @Parameter(description = "true: only devices Apple removed from the MDM server; false: only the others")
            @RequestParam(required = false) Boolean removed,
            @Parameter(description = "Part of a serial number, model or description")
            @RequestParam(name = "q", required = false) String text,
            @Parameter(description = "The nextCursor of the page before") @RequestParam(required = false) String cursor,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit) {
        FindAdeDevices query = new FindAdeDevices(account.tenantId(), token,
                AdeDeviceQueries.profileStatuses(profileStatus), removed, text, cursor, Cursor.limit(limit));
        return queries.query(query, AdeDevicePage.class).join();
    }

    @GetMapping("/api/apple/ade/tokens/{tokenId}/profiles")
    @Operation(summary = "The enrollment profiles defined under an ADE token (oldest first), and which is its default",
            description = "A token of another tenant, or none, has none. 400 malformed-request for a token id that "
                    + "is not one. The command side defines them (POST on the same path) and sets the default "
                    + "(PUT /api/apple/ade/tokens/{tokenId}/default-profile).")
    public AdeProfiles profiles(@AuthenticationPrincipal AccountPrincipal account, @PathVariable CredentialId tokenId) {
        return queries.query(new FindAdeProfiles(account.tenantId(), tokenId), AdeProfiles.class).join();
    }
}
