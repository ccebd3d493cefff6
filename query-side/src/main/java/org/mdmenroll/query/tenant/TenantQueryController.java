package org.mdmenroll.query.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.mdmenroll.events.Role;
import org.mdmenroll.query.tenant.TenantProjection.FindTenants;
import org.mdmenroll.query.tenant.TenantProjection.TenantList;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tenants", description = "Tenants with settings and enrollment URL version.")
public class TenantQueryController {

    private final QueryGateway queries;

    public TenantQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/tenants")
    @Operation(summary = "Operators see every tenant; admins and auditors see their own")
    public TenantList tenants(@AuthenticationPrincipal AccountPrincipal account) {
        FindTenants query = new FindTenants(account.role() == Role.OPERATOR ? null : account.tenantId());
        return queries.query(query, TenantList.class).join();
    }
}
