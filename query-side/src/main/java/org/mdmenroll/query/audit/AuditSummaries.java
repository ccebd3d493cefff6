package org.mdmenroll.query.audit;

import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.mdmenroll.events.credential.AdeDefaultProfileSet;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeEnrollmentProfileDefined;
import org.mdmenroll.events.credential.AdeKeyPairCreated;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.events.credential.VppLicensesAssigned;
import org.mdmenroll.events.credential.VppLicensesRevoked;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.events.credential.VppTokenUseRefused;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentDisabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;
import org.mdmenroll.events.tenant.AndroidProvisioningConfigured;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettingsChanged;
import org.mdmenroll.events.tenant.AdeEnrollmentRefused;
import org.mdmenroll.events.tenant.MinimumOsVersionsSet;
import org.mdmenroll.events.tenant.EnrollmentUrlGenerated;
import org.mdmenroll.events.tenant.FcmAppPushConfigured;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.AccountDrivenEnrollmentRevoked;
import org.mdmenroll.events.user.EnrollmentPinAccepted;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentPinLockedOut;
import org.mdmenroll.events.user.EnrollmentPinRejected;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.QrLoginAccepted;
import org.mdmenroll.events.user.QrLoginIssued;
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.events.user.UserPasswordSet;

import java.util.Map;

import static java.util.Map.entry;

/**
 * What an audit record says its event means: one summary per audited event type, looked up by class
 * ({@code AuditedEventsTest} fails for an event without one).
 */
final class AuditSummaries {

    // Those that read like the class name split into words are the ones the trail has always written so.
    private static final Map<Class<? extends TenantEvent>, String> SUMMARIES = Map.ofEntries(
            entry(AndroidProvisioningConfigured.class, "Android provisioning settings changed"),
            entry(ApnsAppPushConfigured.class, "Enrollment app push settings (APNs) changed"),
            entry(FcmAppPushConfigured.class, "Enrollment app push settings (FCM) changed"),
            entry(AccountDrivenEnrollmentDisabled.class, "Account Driven Enrollment Disabled"),
            entry(AccountDrivenEnrollmentEnabled.class, "Account-driven enrollment enabled, or its mode (device or user enrollment) changed"),
            entry(EnrollmentSettingsChanged.class, "Enrollment Settings Changed"),
            entry(MinimumOsVersionsSet.class, "Minimum OS versions for ADE devices set"),
            entry(AdeEnrollmentRefused.class, "ADE enrollment of a device refused"),
            entry(EnrollmentUrlGenerated.class, "Enrollment Url Generated"),
            entry(TenantCreated.class, "Tenant Created"),
            entry(AccountCreated.class, "Account Created"),
            entry(EnrollmentPinRejected.class, "Wrong enrollment PIN"),
            entry(EnrollmentPinLockedOut.class, "Enrollment PIN locked out"),
            entry(QrLoginIssued.class, "Portal QR code for the enrollment app shown"),
            entry(QrLoginAccepted.class, "Enrollment app logged in with the portal's QR code"),
            entry(AccountDrivenEnrollmentAllowed.class, "Account-driven enrollment allowed for the user (Managed Apple ID, own mode)"),
            entry(AccountDrivenEnrollmentRevoked.class, "Account Driven Enrollment Revoked"),
            entry(EnrollmentPinAccepted.class, "Enrollment Pin Accepted"),
            entry(EnrollmentPinIssued.class, "Enrollment Pin Issued"),
            entry(EnrollmentSessionStarted.class, "Enrollment Session Started"),
            entry(LdapUserImported.class, "Ldap User Imported"),
            entry(LdapUserUpdated.class, "Ldap User Updated"),
            entry(LocalUserCreated.class, "Local User Created"),
            entry(UserInvited.class, "User Invited"),
            entry(UserPasswordSet.class, "User Password Set"),
            entry(EnrollmentStarted.class, "Registration started"),
            entry(EnrollmentProfileDownloaded.class, "Enrollment profile downloaded"),
            entry(EnrollmentProfileExpired.class, "Enrollment profile expired before it was installed"),
            entry(EnrollmentProfileInstallCancelled.class, "Profile installation cancelled: MDM inactive"),
            entry(IdentityCertificateIssued.class, "Identity certificate issued over SCEP"),
            entry(IdentityCertificateRefused.class, "SCEP request refused: no identity certificate"),
            entry(BootstrapTokenEscrowed.class, "Mac bootstrap token escrowed (or removed)"),
            entry(IdentityCertificateRenewalRequested.class, "Identity certificate renewal sent to the device"),
            entry(DeviceEnrolled.class, "Device registered: active"),
            entry(DeviceReEnrolled.class, "Device re-registration started"),
            entry(DeviceEntrySuperseded.class, "Entry inactive: a newer entry of the same device is active"),
            entry(DeviceCheckedOut.class, "Device checked out: inactive"),
            entry(DeviceAuthenticated.class, "Device checked in: MDM profile installed (Authenticate)"),
            entry(MdmPushTokenUpdated.class, "Device sent its MDM push token (TokenUpdate)"),
            entry(DeviceUserChannelEnrolled.class, "macOS user channel enrolled"),
            entry(MdmPushSent.class, "MDM push sent to the device"),
            entry(MdmPushFailed.class, "MDM push not delivered"),
            entry(DeviceRetired.class, "Device retired: inactive"),
            entry(DeviceWiped.class, "Device wiped"),
            entry(DeviceReset.class, "Device reset: active until its next registration"),
            entry(DeviceDeleted.class, "Device entry deleted"),
            entry(AndroidAgentRegistered.class, "Android agent enrolling the device"),
            entry(ManualCaCertificatesRemoved.class, "Manually installed CA certificates removed"),
            entry(EnrollmentNudgeSent.class, "Enrollment app nudged to finish enrolling"),
            entry(EnrollmentNudgesStopped.class, "Enrollment nudges stopped"),
            entry(DeviceReEnrollmentRequired.class, "Device Re Enrollment Required"),
            entry(MdmCommandQueued.class, "MDM command queued for the device"),
            entry(MdmCommandSent.class, "MDM command sent to the device"),
            entry(MdmCommandAcknowledged.class, "MDM command carried out by the device"),
            entry(MdmCommandFailed.class, "MDM command failed on the device"),
            entry(MdmCommandNotNow.class, "Device answered NotNow: the MDM command waits"),
            entry(MdmCommandCancelled.class, "MDM command cancelled before delivery"),
            entry(MdmUnexpectedResult.class, "Device answered a command it was not sent"),
            entry(DeviceConnected.class, "Device connected to the MDM command channel"),
            entry(DeviceInformationReported.class, "Device reported its inventory (DeviceInformation)"),
            entry(SecurityInfoReported.class, "Device reported its security state (SecurityInfo)"),
            entry(DeviceActionRequested.class, "Wipe or retire requested: waiting for the device"),
            entry(DeviceActionReverted.class, "Pending wipe or retire failed or was cancelled"),
            entry(EnrollmentTokenCreated.class, "Android enrollment token created"),
            entry(EnrollmentTokenRedeemed.class, "Android enrollment token used to enroll a device"),
            entry(EnrollmentTokenRefused.class, "Android enrollment token refused (expired, used or revoked)"),
            entry(EnrollmentTokenRevoked.class, "Android enrollment token revoked"),
            entry(AdeDevicesSynced.class, "ADE devices synced from Apple"),
            entry(AdeProfileAssigned.class, "ADE enrollment profile assigned to devices"),
            entry(AdeTokenUseRefused.class, "ADE device sync, profile definition or assignment refused"),
            entry(AdeEnrollmentProfileDefined.class, "ADE enrollment profile defined"),
            entry(AdeDefaultProfileSet.class, "ADE default enrollment profile set"),
            entry(VppLicensesAssigned.class, "VPP licences assigned to devices"),
            entry(VppLicensesRevoked.class, "VPP licences revoked from devices"),
            entry(VppTokenUseRefused.class, "VPP licence assignment or revocation refused"),
            entry(AdeKeyPairCreated.class, "Ade Key Pair Created"),
            entry(AdeTokenRenewed.class, "Ade Token Renewed"),
            entry(AdeTokenUploaded.class, "Ade Token Uploaded"),
            entry(CredentialExpired.class, "Credential Expired"),
            entry(CredentialExpiryWarned.class, "Credential Expiry Warned"),
            entry(MdmPushCertificateImported.class, "MDM push certificate imported from another MDM (topic kept)"),
            entry(MdmPushCertificateRenewed.class, "Mdm Push Certificate Renewed"),
            entry(MdmPushCertificateRequested.class, "Mdm Push Certificate Requested"),
            entry(MdmPushCertificateUploaded.class, "Mdm Push Certificate Uploaded"),
            entry(MdmPushTopicChanged.class, "Mdm Push Topic Changed"),
            entry(VppTokenRenewed.class, "Vpp Token Renewed"),
            entry(VppTokenUploaded.class, "Vpp Token Uploaded"));

    private AuditSummaries() {
    }

    /** The summary of an event of this type; every audited event type has one. */
    static String of(Class<? extends TenantEvent> type) {
        String summary = SUMMARIES.get(type);
        if (summary == null) {
            throw new IllegalStateException("No audit summary for " + type.getName());
        }
        return summary;
    }
}

