package org.mdmenroll.query.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.mdmenroll.events.UserId;
import org.mdmenroll.query.user.UserProjection.FindUser;
import org.mdmenroll.query.user.UserProjection.FindUsers;
import org.mdmenroll.query.user.UserProjection.FoundUser;
import org.mdmenroll.query.user.UserProjection.UserPage;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Users", description = "The tenant's users and where each stands (invited, PIN pending, locked out ...).")
public class UserQueryController {

    private final QueryGateway queries;

    public UserQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/users")
    @Operation(summary = "List the tenant's users by email; filter by status, text (email or name), account-driven")
    public UserPage users(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) UserStatus status,
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(required = false) Boolean accountDriven,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        FindUsers query = new FindUsers(account.tenantId(), status, text, accountDriven, cursor, Cursor.limit(limit));
        return queries.query(query, UserPage.class).join();
    }

    @GetMapping("/api/users/{userId}")
    @Operation(summary = "One user of the tenant")
    public UserView user(@AuthenticationPrincipal AccountPrincipal account, @PathVariable UserId userId) {
        FoundUser found = queries.query(new FindUser(account.tenantId(), userId), FoundUser.class).join();
        if (found.user() == null) {
            throw Refusal.notFound("unknown-user", "No such user.");
        }
        return found.user();
    }
}
