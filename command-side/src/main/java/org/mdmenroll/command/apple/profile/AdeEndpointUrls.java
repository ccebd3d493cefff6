package org.mdmenroll.command.apple.profile;

import org.mdmenroll.command.credential.AdeEndpoints;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.TenantId;
import org.springframework.stereotype.Component;

/** The ADE endpoints of a tenant under its public base URL ({@link PublicUrls}). */
@Component
public class AdeEndpointUrls implements AdeEndpoints {

    private final TenantDirectory tenants;
    private final PublicUrls urls;

    public AdeEndpointUrls(TenantDirectory tenants, PublicUrls urls) {
        this.tenants = tenants;
        this.urls = urls;
    }

    @Override
    public String enrollUrl(TenantId tenantId) {
        return urls.tenantPath(tenants.require(tenantId), "/ade/enroll");
    }

    @Override
    public String signInUrl(TenantId tenantId) {
        return urls.tenantPath(tenants.require(tenantId), "/ade/sign-in");
    }
}
