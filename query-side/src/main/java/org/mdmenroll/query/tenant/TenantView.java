package org.mdmenroll.query.tenant;

import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.EnrollmentSettings;

import java.time.Instant;

/**
 * A tenant as admins see it: settings, current enrollment URL and its version, and which account-driven
 * enrollment it offers ({@code accountDrivenMode}: DEVICE or USER).
 */
public record TenantView(TenantId tenantId, String slug, String name, String hostDomain, EnrollmentSettings settings,
                         int enrollmentUrlVersion, String enrollmentUrl, boolean accountDrivenEnrollmentEnabled,
                         String accountDrivenMode, Instant createdAt, Instant updatedAt) {
}
