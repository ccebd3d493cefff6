package org.mdmenroll.query.device;

import io.swagger.v3.oas.annotations.media.Schema;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.mdm.DeviceSecurity;

import java.time.Instant;

/**
 * A device entry as admins and auditors see it. {@code lastStep} is the latest step of its life;
 * {@code hardwareId} is its most specific identifier; {@code managementMode} is how the Android agent
 * that enrolled it manages the device.
 * {@code nudgeCount} counts the enrollment nudges sent to the enrollment app, {@code nudgesStopped}
 * says why they stopped (ENROLLED, MAX_COUNT, INVALID_TOKEN ...). The command channel adds the
 * open commands, the last connect, the inventory and the security state the device reported,
 * the last wipe or retire that did not happen, the bootstrap token and the certificate's renewal
 * ({@code certificateRenewalOverdue} is derived when asked, see {@link CertificateRenewal}).
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
                         Instant lastEventAt, String managementMode,
                         @Schema(description = "MDM commands queued and not yet answered or cancelled")
                         int pendingCommands,
                         @Schema(description = "When the device last took a command, answered one, or polled idle "
                                 + "(idle polls are recorded at most hourly)")
                         Instant lastConnectAt,
                         @Schema(description = "DeviceInformation's ModelName, e.g. iPhone") String modelName,
                         @Schema(description = "DeviceInformation's ProductName, e.g. iPhone16,1") String productName,
                         @Schema(description = "The OS build, e.g. 22E240") String buildVersion,
                         String meid,
                         @Schema(description = "Storage capacity in GB as the device reports it") Double deviceCapacityGb,
                         @Schema(description = "Free storage in GB when the device last reported it")
                         Double availableCapacityGb,
                         Boolean supervised, Boolean activationLockEnabled, String wifiMac, String bluetoothMac,
                         @Schema(description = "When the device last answered DeviceInformation; a field it "
                                 + "did not answer keeps its earlier value")
                         Instant inventoryReportedAt,
                         @Schema(description = "The device's last SecurityInfo answer (hardwareEncryptionCaps: "
                                 + "1 block, 2 file level, 3 both); fields it did not answer are left out")
                         DeviceSecurity security,
                         Instant securityReportedAt,
                         @Schema(description = "The last wipe or retire that did not happen: WIPE_FAILED, "
                                 + "WIPE_CANCELLED, RETIRE_FAILED or RETIRE_CANCELLED; cleared by the next request")
                         String lastActionReverted,
                         @Schema(description = "The device's error when that wipe or retire failed")
                         String lastActionFailure,
                         Instant lastActionRevertedAt,
                         @Schema(description = "Whether the Mac has a bootstrap token escrowed (never the token)")
                         boolean bootstrapTokenEscrowed,
                         @Schema(description = "When the server last sent the device a renewal profile for its "
                                 + "identity certificate; cleared when a new certificate is issued")
                         Instant certificateRenewalRequestedAt,
                         @Schema(description = "Still managed and its identity certificate expires within 14 "
                                 + "days, or has expired: the renewal did not happen in time")
                         boolean certificateRenewalOverdue) {

    /** The user the entry is enrolled for. */
    public record Owner(UserId userId, String email, String displayName) {
    }
}
