package org.mdmenroll.command.apple.profile;

import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where devices reach this service: {@code mdm.public-base-url} (e.g. behind a proxy, or
 * {@code http://localhost:8080} in a test), by default {@code https://<tenant host domain>}.
 */
@Component
public class PublicUrls {

    private final String configuredBase;

    public PublicUrls(@Value("${mdm.public-base-url:}") String configuredBase) {
        String base = configuredBase == null ? "" : configuredBase.strip();
        this.configuredBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The base URL of the service for this tenant's devices, without a trailing slash. */
    public String base(TenantEntry tenant) {
        return configuredBase.isEmpty() ? "https://" + tenant.hostDomain() : configuredBase;
    }

    /** A device-facing path of the tenant: {@code <base>/t/<slug><path>}. */
    public String tenantPath(TenantEntry tenant, String path) {
        return base(tenant) + "/t/" + tenant.slug() + path;
    }
}
