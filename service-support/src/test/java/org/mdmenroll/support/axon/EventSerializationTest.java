package org.mdmenroll.support.axon;

import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.mdmenroll.events.android.WifiNetwork;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.tenant.AndroidProvisioningConfigured;
import org.mdmenroll.events.user.QrLoginAccepted;
import org.mdmenroll.events.user.QrLoginIssued;
import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeDefaultProfileSet;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;
import org.mdmenroll.events.credential.AdeEnrollmentProfileDefined;
import org.mdmenroll.events.credential.AdeKeyPairCreated;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppLicensesAssigned;
import org.mdmenroll.events.credential.VppLicensesRevoked;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.events.credential.VppTokenUseRefused;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.DeviceAction;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentDisabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.EnrollmentSettingsChanged;
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
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.events.user.UserPasswordSet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.mdmenroll.events.tenant.AdeEnrollmentRefusal;
import org.mdmenroll.events.tenant.AdeEnrollmentRefused;
import org.mdmenroll.events.tenant.MinimumOsVersionsSet;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event survives the trip through the stored form (Jackson, bytea) unchanged, with its revision. */
class EventSerializationTest {

    private static final Serializer SERIALIZER = new MessageSerialization().serializer();
    private static final TenantId TENANT = TenantId.random();
    private static final UserId USER = UserId.random();
    private static final DeviceId DEVICE = DeviceId.random();
    private static final CredentialId CREDENTIAL = CredentialId.random();
    private static final UUID PROFILE = UUID.randomUUID();
    private static final EnrollmentTokenId TOKEN = EnrollmentTokenId.random();
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123456Z");

    static Stream<Object> events() {
        AccountId account = AccountId.random();
        return Stream.of(
                new TenantCreated(TENANT, "acme", "Acme", "acme.mdm.example.com", EnrollmentSettings.DEFAULTS),
                new EnrollmentSettingsChanged(TENANT, EnrollmentSettings.DEFAULTS),
                new EnrollmentUrlGenerated(TENANT, 2, "https://acme.mdm.example.com/t/acme/go?v=2"),
                new AccountDrivenEnrollmentEnabled(TENANT, AccountDrivenEnrollmentMode.DEVICE),
                new AccountDrivenEnrollmentDisabled(TENANT),
                new ApnsAppPushConfigured(TENANT, "ABC123DEFG", "DEF123GHIJ", "com.acme.enroll",
                        ApnsAppPushConfigured.Environment.SANDBOX, "v1.sealed"),
                new FcmAppPushConfigured(TENANT, "acme-enroll", "push@acme-enroll.iam.gserviceaccount.com", "v1.sealed"),
                new AccountCreated(account, "acme-admin", Role.ADMIN, TENANT, "{bcrypt}$2a$10$x"),
                new AccountCreated(account, "operator", Role.OPERATOR, null, "{bcrypt}$2a$10$x"),
                new AccountPasswordChanged(account, "{bcrypt}$2a$10$y"),
                new LocalUserCreated(USER, TENANT, "joe@acme.example.com", "Joe"),
                new LdapUserImported(USER, TENANT, "cn=joe,dc=acme", "joe@acme.example.com", "Joe"),
                new LdapUserUpdated(USER, TENANT, "cn=joe,dc=acme", "joe@acme.example.com", "Joseph"),
                new UserInvited(USER, TENANT, InvitationId.random(), "https://acme.mdm.example.com/t/acme/go?v=1", true, AT),
                new EnrollmentPinIssued(USER, TENANT, "{bcrypt}$2a$10$z", AT, 5),
                new EnrollmentPinAccepted(USER, TENANT),
                new EnrollmentPinRejected(USER, TENANT, 2),
                new EnrollmentPinLockedOut(USER, TENANT, 5),
                new EnrollmentSessionStarted(USER, TENANT, "ab".repeat(32), AT, true),
                new UserPasswordSet(USER, TENANT, "{bcrypt}$2a$10$w"),
                new AccountDrivenEnrollmentAllowed(USER, TENANT, "joe@acme.mdm.example.com", AccountDrivenEnrollmentMode.USER),
                new AccountDrivenEnrollmentRevoked(USER, TENANT, "joe@acme.mdm.example.com"),
                new EnrollmentStarted(DEVICE, TENANT, USER, Platform.ANDROID, "14", EnrollmentMethod.QR_CODE,
                        new HardwareIdentity("r58n12", null, "356938035643809", "esid-1"),
                        new PushChannel(PushChannel.Type.FCM, "v1.sealed")),
                new EnrollmentStarted(DEVICE, TENANT, USER, Platform.IOS, "17.4", EnrollmentMethod.IN_APP,
                        HardwareIdentity.UNKNOWN, null),
                new EnrollmentProfileDownloaded(DEVICE, TENANT, PROFILE, AT, "9f".repeat(32)),
                new IdentityCertificateIssued(DEVICE, TENANT, "5d3c0a17e4b2", "ab".repeat(32), AT, false),
                new IdentityCertificateRefused(DEVICE, TENANT, IdentityCertificateRefusal.PROFILE_EXPIRED),
                new EnrollmentProfileExpired(DEVICE, TENANT, PROFILE),
                new EnrollmentProfileInstallCancelled(DEVICE, TENANT),
                new DeviceEnrolled(DEVICE, TENANT, "jdoe", true, "com.apple.mgmt.External.x"),
                new DeviceCheckedOut(DEVICE, TENANT),
                new DeviceRetired(DEVICE, TENANT),
                new DeviceWiped(DEVICE, TENANT),
                new DeviceActionRequested(DEVICE, TENANT, "CMD-1", DeviceAction.WIPE, DeviceStatus.ACTIVE),
                new DeviceActionReverted(DEVICE, TENANT, "CMD-1", DeviceAction.WIPE, DeviceActionReverted.Reason.FAILED,
                        DeviceStatus.ACTIVE, "Unsupported command (MCMDMErrorDomain 12021)"),
                new MdmCommandQueued(DEVICE, TENANT, "CMD-1", "EraseDevice", MdmChannel.DEVICE, MdmCommandPurpose.WIPE,
                        Map.of("PIN", "set"), "v1.sealed-command"),
                new MdmCommandQueued(DEVICE, TENANT, "CMD-2", "DeviceLock", MdmChannel.user("GUID-1"),
                        MdmCommandPurpose.ADMIN, Map.of(), "v1.sealed-command"),
                new MdmCommandSent(DEVICE, TENANT, "CMD-1", "EraseDevice", 2),
                new BootstrapTokenEscrowed(DEVICE, TENANT, "v1.sealed-bootstrap-token"),
                new BootstrapTokenEscrowed(DEVICE, TENANT, null),
                new IdentityCertificateRenewalRequested(DEVICE, TENANT, "CMD-6", java.util.UUID.randomUUID(), "9f".repeat(32),
                        AT),
                new MdmCommandAcknowledged(DEVICE, TENANT, "CMD-3", "ProfileList", Map.of("profiles", "3")),
                new MdmCommandFailed(DEVICE, TENANT, "CMD-1", "EraseDevice", MdmCommandFailed.Failure.ERROR,
                        List.of(new MdmError(12021, "MCMDMErrorDomain", "Unsupported command"), new MdmError(null, null, null))),
                new MdmCommandNotNow(DEVICE, TENANT, "CMD-1", "EraseDevice"),
                new MdmCommandCancelled(DEVICE, TENANT, "CMD-1", "EraseDevice", MdmCommandCancelled.Reason.LEFT_MANAGEMENT),
                new MdmUnexpectedResult(DEVICE, TENANT, "not-a-uuid", "ACKNOWLEDGED"),
                new DeviceConnected(DEVICE, TENANT, MdmChannel.ANDROID_AGENT),
                new DeviceInformationReported(DEVICE, TENANT, "CMD-4", new DeviceInventory("Joe's iPhone", "MTLT3J/A",
                        "iPhone", "iPhone16,1", "18.4", "22E240", "F2LX", "00008120-01", "35 000000 000000 0", null,
                        128.0, 87.5, false, true, "a4:83:e7:00:00:01", null)),
                new SecurityInfoReported(DEVICE, TENANT, "CMD-5", new DeviceSecurity(true, false, 3, null, null, null)),
                new DeviceReset(DEVICE, TENANT),
                new DeviceDeleted(DEVICE, TENANT),
                new DeviceReEnrolled(DEVICE, TENANT, USER, "9", EnrollmentMethod.IN_APP,
                        new HardwareIdentity("R58N12", null, null, null), null),
                new DeviceEntrySuperseded(DEVICE, TENANT, DeviceId.random()),
                new ManualCaCertificatesRemoved(DEVICE, TENANT),
                new DeviceReEnrollmentRequired(DEVICE, TENANT, "MDM push topic changed"),
                new DeviceAuthenticated(DEVICE, TENANT, "00008110-000A1D2C3E4F501E", null, "F2LXK0ABHG7F", "iPhone14,5",
                        "iPhone", "iPhone14,5", "17.4", "21E219", "Joe's iPhone"),
                new MdmPushTokenUpdated(DEVICE, TENANT, null, "com.apple.mgmt.External.x", "v1.sealed", "v1.sealed", null, false),
                new DeviceUserChannelEnrolled(DEVICE, TENANT, "A1B2C3D4-0000-0000-0000-000000000001", "joe", "Joe Doe"),
                new MdmPushSent(DEVICE, TENANT, "com.apple.mgmt.External.x", "6c1b8d4e-2f0a-4b39-9b8e-0d0a0b0c0d0e"),
                new MdmPushFailed(DEVICE, TENANT, "push-certificate-expired", "The push certificate expired at 2026-11-01T00:00:00Z."),
                new EnrollmentNudgeSent(DEVICE, TENANT, 2, PushChannel.Type.APNS),
                new EnrollmentNudgesStopped(DEVICE, TENANT, EnrollmentNudgesStopped.Reason.INVALID_TOKEN, 3, "Unregistered"),
                new EnrollmentNudgesStopped(DEVICE, TENANT, EnrollmentNudgesStopped.Reason.ENROLLED, 1, null),
                new MdmPushCertificateRequested(CREDENTIAL, TENANT, "-----BEGIN CERTIFICATE REQUEST-----", "v1.sealed"),
                new MdmPushCertificateUploaded(CREDENTIAL, TENANT, "com.apple.mgmt.External.x", "1a", AT, "pem", AT),
                new MdmPushCertificateRenewed(CREDENTIAL, TENANT, "com.apple.mgmt.External.x", "1b", AT, "pem", AT),
                new MdmPushCertificateImported(CREDENTIAL, TENANT, "com.apple.mgmt.External.x", "1c", AT, "pem", "v1.sealed", AT),
                new MdmPushTopicChanged(CREDENTIAL, TENANT, "com.apple.mgmt.External.x", "com.apple.mgmt.External.y"),
                new CredentialExpiryWarned(CREDENTIAL, TENANT, CredentialKind.MDM_PUSH_CERTIFICATE, 30, AT),
                new AdeKeyPairCreated(CREDENTIAL, TENANT, "-----BEGIN CERTIFICATE-----", "v1.sealed"),
                new AdeTokenUploaded(CREDENTIAL, TENANT, "mdm@acme.example.com", "Acme MDM", AT, "v1.sealed"),
                new AdeTokenRenewed(CREDENTIAL, TENANT, "Acme MDM", AT, "v1.sealed"),
                new VppTokenUploaded(CREDENTIAL, TENANT, "Sales", "Acme Inc.", AT, "v1.sealed"),
                new VppTokenRenewed(CREDENTIAL, TENANT, "Acme Inc.", AT, "v1.sealed"),
                new CredentialExpired(CREDENTIAL, TENANT, CredentialKind.VPP_TOKEN, AT),
                new AdeDevicesSynced(CREDENTIAL, TENANT, false, 1, 1, 0, "MTU1NzI3NDA0MTIzNDU2Nzg5MA==",
                        List.of(new AdeDevice("C02XK1ABJG5H", "MacBook Pro", "OSX", "Mac", "empty", null, "added",
                                        "MBP 13.3", "SPACE GRAY", null, "admin@acme.example.com", AT, AT),
                                new AdeDevice("DMQX2LL/A", "iPad", "iOS", "iPad", "assigned", "8A2B", "modified",
                                        null, null, AT, null, null, null))),
                new AdeEnrollmentProfileDefined(CREDENTIAL, TENANT, "8A2B3C4D", new AdeEnrollmentProfile("Acme ADE",
                        "https://acme.example.com/t/acme/ade/enroll", "https://acme.example.com/t/acme/ade/sign-in",
                        true, true, false, true, List.of("Siri"), "IT", "+1 555 0100", "it@acme.example.com", "en",
                        "US")),
                new AdeDefaultProfileSet(CREDENTIAL, TENANT, "8A2B3C4D"),
                new AdeProfileAssigned(CREDENTIAL, TENANT, "8A2B3C4D", "Acme ADE",
                        Map.of("C02XK1ABJG5H", "SUCCESS", "DMQX2LLA", "NOT_ACCESSIBLE")),
                new AdeTokenUseRefused(CREDENTIAL, TENANT, "device-sync", "token-expired", "expired on " + AT),
                new VppLicensesAssigned(CREDENTIAL, TENANT, "408709785", List.of("C02XK1ABJG5H"), "ed3edfc3"),
                new VppLicensesRevoked(CREDENTIAL, TENANT, "408709785", List.of("C02XK1ABJG5H"), "ed3edfc4"),
                new VppTokenUseRefused(CREDENTIAL, TENANT, "license-assignment", "408709785", List.of("C02XK1ABJG5H"),
                        "token-expired", "expired on " + AT),
                new AndroidProvisioningConfigured(TENANT, new AndroidProvisioning("com.acme.agent/.AdminReceiver",
                        "https://acme.example.com/agent.apk", "gJD2YwtOiWJHkSMkkIfLRlj-quNqG1fb6v100QmzM9w",
                        new WifiNetwork("Acme-Setup", WifiNetwork.SecurityType.WPA, "v1.sealed"),
                        Map.of("site", "Berlin"))),
                new AndroidProvisioningConfigured(TENANT, new AndroidProvisioning("com.acme.agent/.AdminReceiver",
                        "https://acme.example.com/agent.apk", "gJD2YwtOiWJHkSMkkIfLRlj-quNqG1fb6v100QmzM9w", null,
                        Map.of())),
                new EnrollmentTokenCreated(TOKEN, TENANT, USER, "ab".repeat(32), "v1.sealed", true, AT),
                new EnrollmentTokenCreated(TOKEN, TENANT, null, "ab".repeat(32), "v1.sealed", false, AT),
                new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 1),
                new EnrollmentTokenRefused(TOKEN, TENANT, EnrollmentTokenRefusal.ALREADY_USED),
                new EnrollmentTokenRevoked(TOKEN, TENANT),
                new AndroidAgentRegistered(DEVICE, TENANT, TOKEN, 34, AndroidManagementMode.WORK_PROFILE_COMPANY_OWNED,
                        "cd".repeat(32)),
                new QrLoginIssued(USER, TENANT, "ef".repeat(32), AT),
                new QrLoginAccepted(USER, TENANT),
                new MinimumOsVersionsSet(TENANT, "17.4", null),
                new AdeEnrollmentRefused(TENANT, "C02XK1ABJG5H", "Mac16,1", "14.2", AdeEnrollmentRefusal.OS_BELOW_MINIMUM,
                        "15.1"),
                new AdeEnrollmentRefused(TENANT, "DMQX2LLA", "iPad13,1", "18.0", AdeEnrollmentRefusal.UNKNOWN_SERIAL, null));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsThroughTheStoredForm(Object event) {
        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);
        assertThat(stored.getType().getRevision()).isEqualTo(event.getClass().getAnnotation(Revision.class).value());
        assertThat(SERIALIZER.<byte[], Object>deserialize(stored)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void idsAndTimesAreStoredAsPlainStrings(Object event) {
        String json = new String(SERIALIZER.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"value\"");
        if (json.contains("expiresAt") || json.contains("validUntil")) {
            assertThat(json).contains("\"2026-11-22T10:15:30.123456Z\"");
        }
    }

    /** A download stored before the SCEP challenge existed (revision 1) still reads, without a challenge. */
    @Test
    void aRevisionOneProfileDownloadStillReads() {
        String stored = "{\"deviceId\":\"" + DEVICE + "\",\"tenantId\":\"" + TENANT + "\",\"profileId\":\"" + PROFILE
                + "\",\"validUntil\":\"2026-11-22T10:15:30.123456Z\"}";
        SerializedObject<byte[]> revisionOne = new org.axonframework.serialization.SimpleSerializedObject<>(
                stored.getBytes(StandardCharsets.UTF_8), byte[].class, EnrollmentProfileDownloaded.class.getName(), "1");
        assertThat(SERIALIZER.<byte[], Object>deserialize(revisionOne))
                .isEqualTo(new EnrollmentProfileDownloaded(DEVICE, TENANT, PROFILE, AT, null));
    }

    /** Account-driven settings stored before the mode existed (revision 1) still read, without a mode. */
    @Test
    void revisionOneAccountDrivenEventsStillReadWithoutAMode() {
        SerializedObject<byte[]> enabled = new org.axonframework.serialization.SimpleSerializedObject<>(
                ("{\"tenantId\":\"" + TENANT + "\"}").getBytes(StandardCharsets.UTF_8), byte[].class,
                AccountDrivenEnrollmentEnabled.class.getName(), "1");
        assertThat(SERIALIZER.<byte[], Object>deserialize(enabled)).isEqualTo(new AccountDrivenEnrollmentEnabled(TENANT, null));
        SerializedObject<byte[]> allowed = new org.axonframework.serialization.SimpleSerializedObject<>(
                ("{\"userId\":\"" + USER + "\",\"tenantId\":\"" + TENANT + "\",\"managedAppleId\":\"joe@acme.mdm.example.com\"}")
                        .getBytes(StandardCharsets.UTF_8), byte[].class, AccountDrivenEnrollmentAllowed.class.getName(), "1");
        assertThat(SERIALIZER.<byte[], Object>deserialize(allowed))
                .isEqualTo(new AccountDrivenEnrollmentAllowed(USER, TENANT, "joe@acme.mdm.example.com", null));
    }

    /** Synced devices stored before Apple's further facts were kept still read, with those facts unknown. */
    @Test
    void anAdeDeviceStoredWithItsFirstSevenFactsStillReads() throws Exception {
        AdeDevice read = MessageSerialization.messageMapper().readValue("{\"serialNumber\":\"C02XK1ABJG5H\","
                + "\"model\":\"MacBook Pro\",\"os\":\"OSX\",\"deviceFamily\":\"Mac\",\"profileStatus\":\"empty\","
                + "\"opType\":\"added\"}", AdeDevice.class);
        assertThat(read).isEqualTo(new AdeDevice("C02XK1ABJG5H", "MacBook Pro", "OSX", "Mac", "empty", null, "added",
                null, null, null, null, null, null));
        assertThat(MessageSerialization.messageMapper().writeValueAsString(read))
                .doesNotContain("removed").doesNotContain("withoutProfile");
    }

    /** Identities stored with the derived "unknown" flag (before it was ignored) still read. */
    @Test
    void anIdentityStoredWithItsDerivedFlagStillReads() throws Exception {
        HardwareIdentity read = MessageSerialization.messageMapper().readValue(
                "{\"serialNumber\":\"R58\",\"udid\":null,\"imei\":null,\"enterpriseSpecificId\":null,\"unknown\":false}",
                HardwareIdentity.class);
        assertThat(read).isEqualTo(new HardwareIdentity("R58", null, null, null));
        assertThat(MessageSerialization.messageMapper().writeValueAsString(read)).doesNotContain("unknown");
    }

    /** A new event without a case above fails here, so none escapes the round trip. */
    @Test
    void everyEventOfTheSharedLanguageIsCovered() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<String> published = scanner.findCandidateComponents("org.mdmenroll.events").stream()
                .map(BeanDefinition::getBeanClassName).collect(Collectors.toSet());
        Set<String> covered = events().map(event -> event.getClass().getName()).collect(Collectors.toSet());
        assertThat(published).isNotEmpty();
        assertThat(covered).containsAll(published);
    }
}
