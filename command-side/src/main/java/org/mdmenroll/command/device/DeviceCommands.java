package org.mdmenroll.command.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.crypto.Redacted;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What can be asked of a device entry. Device-facing calls reach these through
 * {@link DeviceEnrollments}, which keeps one ACTIVE entry per hardware identity; the Apple check-in
 * and the Android agent send {@link EnrollDevice} the same way.
 */
public final class DeviceCommands {

    private DeviceCommands() {
    }

    /** Creates the entry. The push channel's token arrives sealed. */
    public record StartEnrollment(@TargetAggregateIdentifier DeviceId deviceId, TenantId tenantId, UserId userId,
                                  Platform platform, String osVersion, EnrollmentMethod method,
                                  HardwareIdentity identity, PushChannel pushChannel) {
    }

    /**
     * Answered with the {@link Profile}; it is valid for the tenant's profile validity, and so is the
     * one-time SCEP challenge it carries (only its SHA-256, hex, reaches the entry).
     */
    public record DownloadProfile(@TargetAggregateIdentifier DeviceId deviceId, Duration validity,
                                  String challengeHash) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record Profile(UUID profileId, Instant validUntil) {
    }

    public record CancelProfileInstall(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    /** The same entry enrolls again (iOS and macOS; Android 9 or older). */
    public record ReEnroll(@TargetAggregateIdentifier DeviceId deviceId, UserId userId, String osVersion,
                           EnrollmentMethod method, HardwareIdentity identity, PushChannel pushChannel) {
    }

    /** Sent by the Apple check-in and the Android agent; there is no endpoint for a client to claim it. */
    public record EnrollDevice(@TargetAggregateIdentifier DeviceId deviceId, String enrolledUser, String pushTopic) {
    }

    public record CheckOutDevice(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    public record RetireDevice(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    /** {@code pin}: six digits, for a Mac that needs one; {@code preserveDataPlan} and {@code disallowProximitySetup}: iOS. */
    public record WipeDevice(@TargetAggregateIdentifier DeviceId deviceId, String pin, boolean preserveDataPlan,
                             boolean disallowProximitySetup) {

        public WipeDevice(DeviceId deviceId) {
            this(deviceId, null, false, false);
        }

        @Override
        public String toString() {
            return "WipeDevice[" + deviceId + ", pin=" + (pin != null) + "]";
        }
    }

    public record ResetDevice(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    /** A Mac's SetBootstrapToken check-in: its bootstrap token sealed, or null when it removed it. */
    public record EscrowBootstrapToken(@TargetAggregateIdentifier DeviceId deviceId, String sealedToken) {
        @Override
        public String toString() {
            return "EscrowBootstrapToken[" + deviceId + ", token=" + (sealedToken != null) + "]";
        }
    }

    /** A Mac's GetBootstrapToken check-in: answered with its escrowed token, still sealed (null when none). */
    public record ReturnBootstrapToken(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    /** What retire, wipe and reset left: the entry's status, and the command that went to the device (null if none could). */
    public record ActionOutcome(DeviceStatus status, String commandUuid) {
    }

    public record DeleteDevice(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    /** A newer entry of the same hardware became active; answered with whether this entry was active. */
    public record SupersedeEntry(@TargetAggregateIdentifier DeviceId deviceId, DeviceId supersededBy) {
    }

    /** Only a company-owned Android Enterprise device (fully managed or work profile) reports it. */
    public record RecordManualCaCertificatesRemoved(@TargetAggregateIdentifier DeviceId deviceId) {
    }

    /**
     * The Android agent enrolling the entry that was just started or re-enrolled for it with an
     * enrollment token; its secret arrives hashed.
     */
    public record RegisterAndroidAgent(@TargetAggregateIdentifier DeviceId deviceId, EnrollmentTokenId enrollmentTokenId,
                                       int sdkInt, AndroidManagementMode managementMode, String agentSecretHash) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** Sent by the system when the device can no longer be reached as enrolled (push topic changed). */
    public record RequireReEnrollment(@TargetAggregateIdentifier DeviceId deviceId, String reason) {
    }

    /**
     * The check-in's Authenticate from the device its identity certificate belongs to. A user
     * enrollment (BYOD) reports {@code enrollmentId} instead of UDID and serial number.
     */
    public record RecordCheckInAuthenticate(@TargetAggregateIdentifier DeviceId deviceId, String udid,
                                            String enrollmentId, String serialNumber, String model, String modelName,
                                            String productName, String osVersion, String buildVersion,
                                            String deviceName) {
    }

    /**
     * A check-in TokenUpdate, for the device channel or (with {@code userGuid}) a macOS user channel;
     * token, PushMagic and unlock token arrive sealed. Answered with whether this update completes the
     * enrollment (the device channel's first token), which {@link DeviceEnrollments} then records.
     * {@code awaitingConfiguration}: an ADE device in Setup Assistant waits for DeviceConfigured.
     */
    public record UpdateMdmPushToken(@TargetAggregateIdentifier DeviceId deviceId, String userGuid,
                                     String userShortName, String userLongName, String topic, String sealedToken,
                                     String sealedPushMagic, String sealedUnlockToken, boolean awaitingConfiguration) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }


        public UpdateMdmPushToken(DeviceId deviceId, String userGuid, String userShortName, String userLongName,
                String topic, String sealedToken, String sealedPushMagic, String sealedUnlockToken) {
            this(deviceId, userGuid, userShortName, userLongName, topic, sealedToken, sealedPushMagic,
                    sealedUnlockToken, false);
        }
    }

    /** APNs accepted an MDM push for the device. */
    public record RecordMdmPushSent(@TargetAggregateIdentifier DeviceId deviceId, String topic, String apnsId) {
    }

    /** An MDM push for the device was not delivered, and why. */
    public record RecordMdmPushFailed(@TargetAggregateIdentifier DeviceId deviceId, String reason, String detail) {
    }

    /**
     * A SCEP PKCSReq: the device's PKCS#10 request (DER) with its profile's one-time challenge (the
     * SHA-256, hex). Answered with an {@link IdentityCertificateOutcome}; a refusal is recorded, not thrown.
     */
    public record IssueIdentityCertificate(@TargetAggregateIdentifier DeviceId deviceId, String challengeHash,
                                           byte[] certificationRequest) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /**
     * A SCEP RenewalReq signed with the device's identity certificate of this SHA-256 fingerprint.
     * Answered with an {@link IdentityCertificateOutcome}.
     */
    public record RenewIdentityCertificate(@TargetAggregateIdentifier DeviceId deviceId, String signerFingerprint,
                                           byte[] certificationRequest) {
    }

    /** Sends the device a renewal profile for its certificate {@code fingerprint} (a newer one makes it moot). */
    public record RequestIdentityCertificateRenewal(@TargetAggregateIdentifier DeviceId deviceId, String fingerprint) {
    }

    /** The issued certificate (DER), or why there is none. */
    public record IdentityCertificateOutcome(byte[] certificate, IdentityCertificateRefusal refusal) {

        public static IdentityCertificateOutcome refused(IdentityCertificateRefusal refusal) {
            return new IdentityCertificateOutcome(null, refusal);
        }

        public boolean issued() {
            return certificate != null;
        }
    }

    /**
     * From the nudge saga, after the push provider accepted nudge {@code attempt}: answered with
     * whether it was recorded. Not once the device installed its profile, enrolled or left
     * enrollment (a late nudge is never recorded as sent), nor a second time.
     */
    public record RecordEnrollmentNudgeSent(@TargetAggregateIdentifier DeviceId deviceId, int attempt,
                                            PushChannel.Type channel) {
    }

    /** From the nudge saga when it ends: why, after how many nudges, and the provider's answer if it refused. */
    public record RecordEnrollmentNudgesStopped(@TargetAggregateIdentifier DeviceId deviceId,
                                                EnrollmentNudgesStopped.Reason reason, int nudgesSent, String detail) {
    }

    /** The payload of the profile-expiry deadline. */
    public record ProfileExpiry(UUID profileId) {
    }
}
