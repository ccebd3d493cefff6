package org.mdmenroll.query.projection;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;

/** Starts and follows projection rebuilds (operators start, admins and auditors may watch). */
@RestController
@Tag(name = "Projections", description = """
        Read models rebuilt from the event store. While any projection rebuilds, every /api/** response \
        carries the header Projection-Rebuilding naming the rebuilding projections (comma-separated): \
        answers that read them may be incomplete until the rebuild is DONE.""")
public class ProjectionRebuildController {

    private static final String PATH = "/api/projections/{name}/rebuild";

    private final ProjectionRebuilder rebuilder;
    private final RebuildRegistry registry;

    public ProjectionRebuildController(ProjectionRebuilder rebuilder, RebuildRegistry registry) {
        this.rebuilder = rebuilder;
        this.registry = registry;
    }

    @PostMapping(PATH)
    @Operation(summary = "Rebuild a projection from every stored event (role OPERATOR)", description = """
            Clears the projection (its reset handler) and replays every event into it, in the background: \
            the answer comes at once, 202 with a Location to poll. Every projection holds all tenants' rows, so the \
            rebuild affects every tenant's view: operators only (a tenant's admin is 403 forbidden). \
            The service keeps answering queries meanwhile; until the rebuild is DONE, every /api/** response \
            carries the header `Projection-Rebuilding: <name>[, <name> ...]`, and answers read from a \
            rebuilding projection may be incomplete. Only one rebuild per projection runs at a time (409 \
            rebuild-in-progress); an unknown name is 404 unknown-projection. Rebuilding accounts replays into a shadow table \
            swapped in when the replay is done: logins keep working meanwhile.""")
    @ApiResponse(responseCode = "202", description = "The rebuild started", headers = {
            @Header(name = "Location", description = "Where to poll the rebuild's progress"),
            @Header(name = RebuildingHeaderFilter.HEADER, description = "The projections rebuilding now")})
    public ResponseEntity<RebuildProgress> rebuild(
            @Parameter(description = "A processing group: accounts, tenants, users, devices ...")
            @PathVariable String name,
            @AuthenticationPrincipal AccountPrincipal account, HttpServletResponse response) {
        RebuildProgress started = rebuilder.start(name, account.getUsername());
        RebuildingHeaderFilter.announce(registry, response);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path(PATH).buildAndExpand(name).toUri();
        return ResponseEntity.accepted().location(location).body(started);
    }

    @GetMapping(PATH)
    @Operation(summary = "A projection's last rebuild in this instance: status, processed of total events", description = """
            IDLE (none since this instance started), REBUILDING, DONE or FAILED. total is the event store's \
            highest global index when the rebuild started; processed is the lowest position over the \
            projection's segments, never above total.""")
    public RebuildProgress status(@PathVariable String name) {
        return rebuilder.status(name);
    }
}
