package org.mdmenroll.command.credential;

import org.mdmenroll.events.TenantId;

/**
 * Where a tenant's devices reach this server during Setup Assistant: the URLs an ADE enrollment
 * profile carries. A port: the device-facing URLs are made beside the other device-facing paths.
 */
public interface AdeEndpoints {

    /** The profile's {@code url}: where the device posts its MachineInfo to enroll. */
    String enrollUrl(TenantId tenantId);

    /** The profile's {@code configuration_web_url}: where users sign in before the device enrolls. */
    String signInUrl(TenantId tenantId);
}
