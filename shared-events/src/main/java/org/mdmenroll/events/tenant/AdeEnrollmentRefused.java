package org.mdmenroll.events.tenant;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * A device with a valid Apple signature asked the tenant's ADE endpoint for its enrollment profile
 * and was refused ({@code reason}); {@code requiredOsVersion} is what it was told to install, when
 * its OS was below the minimum.
 */
@Revision("1")
public record AdeEnrollmentRefused(TenantId tenantId, String serialNumber, String product, String osVersion,
                                   AdeEnrollmentRefusal reason, String requiredOsVersion)
        implements TenantEvent, RefusalEvent {
}
