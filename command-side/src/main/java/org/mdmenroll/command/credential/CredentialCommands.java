package org.mdmenroll.command.credential;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ProfileDefinition;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;
import org.mdmenroll.support.problem.Refusal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What can be asked of a tenant's Apple credentials. */
public final class CredentialCommands {

    private CredentialCommands() {
    }

    /** A tenant has one MDM push certificate; its credential id follows from the tenant's. */
    public static CredentialId pushCertificateOf(TenantId tenantId) {
        return new CredentialId(UUID.nameUUIDFromBytes(("mdm-push-certificate:" + tenantId)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** A tenant has one key pair for Enrollment Program (ADE) tokens; its id follows from the tenant's. */
    public static CredentialId adeKeyPairOf(TenantId tenantId) {
        return new CredentialId(UUID.nameUUIDFromBytes(("ade-key-pair:" + tenantId)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Answered with the CSR (PEM): the pending one, or a new key pair's. */
    public record RequestPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, TenantId tenantId,
                                         String tenantName) {
    }

    /** The certificate Apple returned (PEM or DER), for a tenant that has none yet. */
    public record UploadPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, byte[] certificate) {
    }

    /** The renewed certificate; another topic only with {@code confirmTopicChange}. */
    public record RenewPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, byte[] certificate,
                                       boolean confirmTopicChange) {
    }

    /**
     * A certificate and its private key brought from another MDM, keeping their topic; replacing an
     * installed certificate of another topic only with {@code confirmTopicChange}.
     */
    public record ImportPushCertificate(@TargetAggregateIdentifier CredentialId credentialId, TenantId tenantId,
                                        PushCertificateFiles.ImportFiles files, boolean confirmTopicChange) {
    }

    /** From the expiry saga; ignored when the credential was renewed since ({@code expiresAt} differs). */
    public record RecordCredentialExpiryWarning(@TargetAggregateIdentifier CredentialId credentialId, int daysLeft,
                                                Instant expiresAt) {
    }

    /** From the expiry saga; ignored when the credential was renewed since. */
    public record ExpireCredential(@TargetAggregateIdentifier CredentialId credentialId, Instant expiresAt) {
    }

    /** What an upload, renewal or import answers. */
    public record PushCertificateState(CredentialId credentialId, String topic, Instant expiresAt, boolean topicChanged) {
    }

    /** Answered with the PEM certificate of the tenant's ADE key pair, made on first need. */
    public record RequestAdePublicKey(@TargetAggregateIdentifier CredentialId credentialId, TenantId tenantId,
                                      String tenantName) {
    }

    /** Answered with the decrypted server token; records nothing. */
    public record DecryptAdeToken(@TargetAggregateIdentifier CredentialId credentialId, byte[] token) {
    }

    /** A new ADE server token (one MDM server in Apple Business Manager), already decrypted. */
    public record UploadAdeToken(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId, String appleId,
                                 AdeServerToken token) {
    }

    /** The token that replaces this one, already decrypted. */
    public record RenewAdeToken(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId,
                                AdeServerToken token) {
    }

    /** {@link RecordCredentialExpiryWarning} for an ADE token. */
    public record RecordAdeTokenExpiryWarning(@TargetAggregateIdentifier CredentialId tokenId, int daysLeft,
                                              Instant expiresAt) {
    }

    /** {@link ExpireCredential} for an ADE token. */
    public record ExpireAdeToken(@TargetAggregateIdentifier CredentialId tokenId, Instant expiresAt) {
    }

    /** A new VPP content token (the {@code .vpptoken} as uploaded) for a location or department. */
    public record UploadVppToken(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId, String location,
                                 byte[] token) {
    }

    /** The {@code .vpptoken} that replaces this one. */
    public record RenewVppToken(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId, byte[] token) {
    }

    /** {@link RecordCredentialExpiryWarning} for a VPP token. */
    public record RecordVppTokenExpiryWarning(@TargetAggregateIdentifier CredentialId tokenId, int daysLeft,
                                              Instant expiresAt) {
    }

    /** {@link ExpireCredential} for a VPP token. */
    public record ExpireVppToken(@TargetAggregateIdentifier CredentialId tokenId, Instant expiresAt) {
    }

    /** What an ADE token upload or renewal answers. */
    public record AdeTokenState(CredentialId tokenId, String appleId, String serverName, Instant expiresAt) {
    }

    /** What a VPP token upload or renewal answers. */
    public record VppTokenState(CredentialId tokenId, String location, String orgName, Instant expiresAt) {
    }

    /** Fetch the ADE server's devices from Apple: changes since the kept cursor, or all of them. */
    public record SyncAdeDevices(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId) {
    }

    /** {@link SyncAdeDevices} from the token's schedule: a refusal repeated since the last success is not recorded again. */
    public record SyncAdeDevicesOnSchedule(@TargetAggregateIdentifier CredentialId tokenId) {
    }

    /** Define an ADE enrollment profile at Apple under the token; its URLs are this server's, never given. */
    public record DefineAdeEnrollmentProfile(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId,
                                             AdeProfileSettings settings) {
    }

    /**
     * What an admin chooses for an ADE enrollment profile. {@code userAuthentication}: users sign in
     * on this server's page before the device enrolls. {@code language} (ISO 639-1, e.g. en) and
     * {@code region} (ISO 3166-1, e.g. US) preset Setup Assistant on tvOS and macOS.
     */
    public record AdeProfileSettings(String profileName, boolean supervised, boolean mandatory, boolean mdmRemovable,
                                     boolean awaitDeviceConfigured, List<String> skipSetupItems, String department,
                                     String supportPhoneNumber, String supportEmailAddress, String language,
                                     String region, boolean userAuthentication) {
    }

    /** Make a profile defined under the token its default, assigned to newly synced devices. */
    public record SetAdeDefaultProfile(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId,
                                       String profileUuid) {
    }

    /** What a profile definition answers: Apple's uuid and the profile as defined. */
    public record AdeEnrollmentProfileState(CredentialId tokenId, String profileUuid, AdeEnrollmentProfile profile) {
    }

    /** What setting the default profile answers. */
    public record AdeDefaultProfile(CredentialId tokenId, String profileUuid) {
    }

    /** Assign an enrollment profile to serial numbers: one defined before ({@code profileUuid}) or {@code profile}, defined now. */
    public record AssignAdeProfile(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId,
                                   String profileUuid, ProfileDefinition profile, List<String> serialNumbers) {
    }

    /** Assign licences of the app or book {@code adamId} to device serial numbers. */
    public record AssignVppLicenses(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId, String adamId,
                                    List<String> serialNumbers) {
    }

    /** Take licences of the app or book {@code adamId} back from device serial numbers. */
    public record RevokeVppLicenses(@TargetAggregateIdentifier CredentialId tokenId, TenantId tenantId, String adamId,
                                    List<String> serialNumbers) {
    }

    /**
     * What a device sync answers; a full fetch counts every device as added. {@code defaultAssigned}:
     * devices the default profile was assigned to (Apple answered for them) right after the sync.
     */
    public record AdeDeviceSyncResult(CredentialId tokenId, boolean fullFetch, int added, int modified, int deleted,
                                      int defaultAssigned) {
    }

    /** What a profile assignment answers: the profile and Apple's result per serial number. */
    public record AdeProfileAssignmentResult(CredentialId tokenId, String profileUuid, Map<String, String> results) {
    }

    /** What a licence assignment or revocation answers: Apple's event id, to follow its asynchronous work. */
    public record VppLicenseResult(CredentialId tokenId, String adamId, List<String> serialNumbers,
                                   String appleEventId) {
    }

    /**
     * A use of a token that was refused and recorded: answered, not thrown, so the record is kept;
     * the controller turns it into the problem. {@code appleCode} is Apple's, when Apple refused.
     */
    public record RefusedTokenUse(Refusal.Kind kind, String type, String detail, String appleCode) {

        public Refusal toRefusal() {
            return new Refusal(kind, type, detail, appleCode == null ? Map.of() : Map.of("appleCode", appleCode));
        }
    }
}
