package org.mdmenroll.query.device;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;

import java.time.Instant;

/**
 * A device entry as admins and auditors see it. {@code lastStep} is the latest step of its life;
 * {@code hardwareId} is its most specific identifier; {@code managementMode} is how the Android agent
 * that enrolled it manages the device.
 * {@code nudgeCount} counts the enrollment nudges sent to the enrollment app, {@code nudgesStopped}
 * says why they stopped (ENROLLED, MAX_COUNT, INVALID_TOKEN ...).
 */
public record DeviceView(DeviceId deviceId, TenantId tenantId, Owner user, Platform platform, String osVersion,
                         EnrollmentMethod method, DeviceStatus status, DeviceStep lastStep, boolean accountDriven,
                         String enrolledUser, String serialNumber, String udid, String imei,
                         String enterpriseSpecificId, String hardwareId, String pushChannel,
                         Instant profileValidUntil, DeviceId supersededBy, Instant manualCaCertificatesRemovedAt, String reEnrollmentRequired,
                         String model, String deviceName, Instant lastMdmPushAt, String lastMdmPush,
                         Instant identityCertificateNotAfter, String identityCertificateRefused,
                         int nudgeCount, Instant lastNudgeAt, String nudgesStopped,
                         Instant startedAt, Instant enrolledAt,
                         Instant lastEventAt, String managementMode) {

    /** The user the entry is enrolled for. */
    public record Owner(UserId userId, String email, String displayName) {
    }
}
