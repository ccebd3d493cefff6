package org.mdmenroll.query.history;

import io.swagger.v3.oas.annotations.media.Schema;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.query.device.DeviceStep;

import java.time.Instant;

/**
 * A device entry as it stood at {@code asOf}, replayed from its events; the fields mean what they
 * mean in the device list. {@code exists} is false (and the rest empty) before the entry's first
 * event; JSON leaves out empty fields, as the device list does. {@code certificateRenewalOverdue} is
 * derived at {@code asOf}, as the device list derives it at the moment it is asked.
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
                            String managementMode,
                            @Schema(description = "MDM commands queued and not yet answered or cancelled")
                            int pendingCommands,
                            @Schema(description = "When the device last took a command, answered one, or polled idle")
                            Instant lastConnectAt,
                            @Schema(description = "DeviceInformation's ModelName, e.g. iPhone") String modelName,
                            @Schema(description = "DeviceInformation's ProductName, e.g. iPhone16,1") String productName,
                            @Schema(description = "The OS build, e.g. 22E240") String buildVersion,
                            String meid,
                            @Schema(description = "Storage capacity in GB as the device reports it")
                            Double deviceCapacityGb,
                            Double availableCapacityGb, Boolean supervised, Boolean activationLockEnabled,
                            String wifiMac, String bluetoothMac,
                            @Schema(description = "When the device last answered DeviceInformation")
                            Instant inventoryReportedAt,
                            @Schema(description = "The device's last SecurityInfo answer") DeviceSecurity security,
                            Instant securityReportedAt,
                            @Schema(description = "The last wipe or retire that did not happen: WIPE_FAILED, "
                                    + "WIPE_CANCELLED, RETIRE_FAILED or RETIRE_CANCELLED")
                            String lastActionReverted,
                            @Schema(description = "The device's error when that wipe or retire failed")
                            String lastActionFailure,
                            Instant lastActionRevertedAt,
                            @Schema(description = "Whether the Mac had a bootstrap token escrowed (never the token)")
                            boolean bootstrapTokenEscrowed,
                            @Schema(description = "When the server last sent the device a renewal profile for its "
                                    + "identity certificate, until a new certificate was issued")
                            Instant certificateRenewalRequestedAt,
                            @Schema(description = "Still managed at asOf and its identity certificate expiring "
                                    + "within 14 days of asOf, or expired: the renewal had not happened in time")
                            boolean certificateRenewalOverdue) {
}
