package org.mdmenroll.query.history;

import io.swagger.v3.oas.annotations.media.Schema;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.query.device.DeviceStep;

import java.time.Instant;

/**
 * A device entry as it stood at {@code asOf}, replayed from its events; the fields mean what they
 * mean in the device list. {@code exists} is false (and the rest empty) before the entry's first
 * event; JSON leaves out empty fields, as the device list does.
 */
public record DeviceStateAt(DeviceId deviceId, TenantId tenantId, Instant asOf, boolean exists,
                            DeviceStatus status, DeviceStep lastStep,
                            Platform platform, String osVersion, EnrollmentMethod method, UserId userId,
                            Boolean accountDriven, String enrolledUser, String serialNumber, String udid,
                            String imei, String enterpriseSpecificId, String hardwareId,
                            @Schema(description = "APNS or FCM") String pushChannel,
                            Instant profileValidUntil, DeviceId supersededBy, Instant manualCaCertificatesRemovedAt,
                            @Schema(description = "Why the device must re-enroll, until it does") String reEnrollmentRequired,
                            @Schema(description = "The model the device reported at check-in (its product name)")
                            String model,
                            @Schema(description = "The device's name as it reported it at check-in") String deviceName,
                            @Schema(description = "When the device last sent its MDM push token at check-in")
                            Instant mdmPushTokenUpdatedAt,
                            @Schema(description = "When the last MDM push was sent or failed") Instant lastMdmPushAt,
                            @Schema(description = "The last MDM push: sent, or why it was not delivered")
                            String lastMdmPush,
                            @Schema(description = "When the device's current SCEP identity certificate expires")
                            Instant identityCertificateNotAfter,
                            @Schema(description = "Why the last SCEP request was refused, until a certificate is issued")
                            String identityCertificateRefused,
                            @Schema(description = "Enrollment nudges sent to the enrollment app")
                            int nudgeCount,
                            Instant lastNudgeAt,
                            @Schema(description = "Why the nudges stopped: ENROLLED, PROFILE_INSTALLED, CANCELLED, "
                                    + "RETIRED, WIPED, DELETED, SUPERSEDED, PROFILE_EXPIRED, MAX_COUNT, INVALID_TOKEN "
                                    + "or UNDELIVERABLE")
                            String nudgesStopped,
                            Instant startedAt, Instant enrolledAt,
                            @Schema(description = "How many of the entry's events happened up to asOf")
                            int eventsApplied,
                            Instant lastEventAt,
                            @Schema(description = "How the Android agent manages the device: FULLY_MANAGED, "
                                    + "WORK_PROFILE_COMPANY_OWNED or WORK_PROFILE_PERSONAL")
                            String managementMode) {
}
