package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.CredentialCommands.AdeDefaultProfile;
import org.mdmenroll.command.credential.CredentialCommands.AdeDeviceSyncResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeEnrollmentProfileState;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileSettings;
import org.mdmenroll.command.credential.CredentialCommands.DefineAdeEnrollmentProfile;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.SetAdeDefaultProfile;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevices;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevicesOnSchedule;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDefaultProfileSet;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;
import org.mdmenroll.events.credential.AdeEnrollmentProfileDefined;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal.Kind;

import org.hamcrest.Matcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.credential.AdeKeyPairTest.SECRETS;
import static org.mdmenroll.command.credential.ScriptedDeviceAssignmentClient.device;
import static org.mdmenroll.command.credential.ScriptedDeviceAssignmentClient.page;
import static org.mdmenroll.command.credential.ScriptedDeviceAssignmentClient.refused;
import static org.mdmenroll.command.credential.ScriptedDeviceAssignmentClient.unreachable;

/**
 * ADE enrollment profiles and the default profile on the AdeToken aggregate, and what the token's
 * schedule asks of it: a refusal the schedule meets again is not recorded again.
 */
class AdeProfilesAndScheduleTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final TenantId OTHER_TENANT = TenantId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final CredentialId TOKEN = CredentialId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2027-11-22T09:00:00Z");
    private static final Instant NEW_EXPIRY = Instant.parse("2028-11-20T09:00:00Z");
    private static final String MESSAGE = "{\"consumer_key\":\"CK_1\",\"consumer_secret\":\"CS_clear\","
            + "\"access_token\":\"AT_clear\",\"access_secret\":\"AS_clear\",\"access_token_expiry\":\"" + EXPIRY + "\"}";
    private static final String ENROLL = "https://acme.mdm.example.com/t/acme/ade/enroll";
    private static final String SIGN_IN = "https://acme.mdm.example.com/t/acme/ade/sign-in";
    private static final AdeProfileSettings SETTINGS = new AdeProfileSettings(" Acme ADE ", true, true, false, true,
            List.of("Siri", "Diagnostics", "Siri"), "IT", "+1 555 0100", "it@acme.example.com", "EN", "us", true);
    private static final AdeEnrollmentProfile DEFINED = new AdeEnrollmentProfile("Acme ADE", ENROLL, SIGN_IN, true,
            true, false, true, List.of("Siri", "Diagnostics"), "IT", "+1 555 0100", "it@acme.example.com", "en", "US");

    private final MutableClock clock = new MutableClock(NOW);
    private final ScriptedDeviceAssignmentClient apple = new ScriptedDeviceAssignmentClient();
    private AggregateTestFixture<AdeToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AdeToken.class);
        fixture.registerInjectableResource(SECRETS);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(apple);
        fixture.registerInjectableResource(new AdeEndpoints() {
            @Override
            public String enrollUrl(TenantId tenantId) {
                return ENROLL;
            }

            @Override
            public String signInUrl(TenantId tenantId) {
                return SIGN_IN;
            }
        });
    }

    private static AdeTokenUploaded uploaded() {
        return new AdeTokenUploaded(TOKEN, TENANT, "mdm@acme.example.com", "Acme Main", EXPIRY,
                SECRETS.seal(SecretPurpose.ADE_TOKEN, MESSAGE));
    }

    private static AdeTokenRenewed renewed() {
        return new AdeTokenRenewed(TOKEN, TENANT, "Acme Main", NEW_EXPIRY, SECRETS.seal(SecretPurpose.ADE_TOKEN, MESSAGE));
    }

    private static CredentialExpired expired() {
        return new CredentialExpired(TOKEN, TENANT, CredentialKind.ADE_TOKEN, EXPIRY);
    }

    private static AdeEnrollmentProfileDefined defined(String uuid) {
        return new AdeEnrollmentProfileDefined(TOKEN, TENANT, uuid, DEFINED);
    }

    private static AdeDevicesSynced fetched(String cursor) {
        return new AdeDevicesSynced(TOKEN, TENANT, true, 1, 0, 0, cursor, List.of(device("C02AAA111", null, "assigned")));
    }

    /** An event of this type that passes the test, for sequences of several types. */
    private static <T> Matcher<Object> event(Class<T> type, Predicate<T> test) {
        return matches((Object event) -> type.isInstance(event) && test.test(type.cast(event)));
    }

    // ---- profiles -----------------------------------------------------------------------------

    @Test
    void aProfileIsDefinedAtAppleWithThisServersAdeUrlsAndApplesUuidRecorded() {
        apple.answering("PROFILE1");
        fixture.given(uploaded())
                .when(new DefineAdeEnrollmentProfile(TOKEN, TENANT, SETTINGS))
                .expectEvents(defined("PROFILE1"))
                .expectResultMessagePayload(new AdeEnrollmentProfileState(TOKEN, "PROFILE1", DEFINED));
        assertThat(apple.calls).containsExactly("define Acme ADE");
        assertThat(apple.profilesSeen.get(0).url()).isEqualTo(ENROLL);
        assertThat(apple.profilesSeen.get(0).configurationWebUrl()).isEqualTo(SIGN_IN);
    }

    @Test
    void withoutUserAuthenticationTheProfileHasNoSignInPage() {
        apple.answering("PROFILE2");
        AdeProfileSettings noSignIn = new AdeProfileSettings("Kiosk", true, true, false, false, null, null, null, null,
                null, null, false);
        fixture.given(uploaded())
                .when(new DefineAdeEnrollmentProfile(TOKEN, TENANT, noSignIn))
                .expectEvents(new AdeEnrollmentProfileDefined(TOKEN, TENANT, "PROFILE2", new AdeEnrollmentProfile(
                        "Kiosk", ENROLL, null, true, true, false, false, List.of(), null, null, null, null, null)));
        assertThat(apple.profilesSeen.get(0).configurationWebUrl()).isNull();
    }

    @Test
    void badProfileSettingsAreRefusedBeforeAnythingElseAndRecordNothing() {
        defining(null);
        defining(new AdeProfileSettings(" ", true, true, false, false, null, null, null, null, null, null, false));
        defining(new AdeProfileSettings("x".repeat(126), true, true, false, false, null, null, null, null, null, null,
                false));
        defining(new AdeProfileSettings("Acme", true, true, false, false, List.of("Siri pane"), null, null, null, null,
                null, false));
        defining(new AdeProfileSettings("Acme", true, true, false, false, null, null, null, "not-an-address", null, null,
                false));
        defining(new AdeProfileSettings("Acme", true, true, false, false, null, null, null, null, "english", null, false));
        defining(new AdeProfileSettings("Acme", true, true, false, false, null, null, null, null, null, "U5", false));
        assertThat(apple.calls).isEmpty();
    }

    /** Even an expired token records nothing for bad input. */
    private void defining(AdeProfileSettings settings) {
        fixture.given(uploaded(), expired())
                .when(new DefineAdeEnrollmentProfile(TOKEN, TENANT, settings))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "invalid-profile"));
    }

    @Test
    void anExpiredTokenOrAppleRefusingRecordsTheRefusedDefinition() {
        fixture.given(uploaded(), expired())
                .when(new DefineAdeEnrollmentProfile(TOKEN, TENANT, SETTINGS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeTokenUseRefused.class, event ->
                        event.operation().equals("profile-definition") && event.reason().equals("token-expired")),
                        andNoMore())))
                .expectResultMessagePayloadMatching(matches((RefusedTokenUse refused) ->
                        refused.type().equals("ade-token-expired")));
        apple.answering(refused(400, "CONFIG_URL_INVALID"), unreachable());
        fixture.given(uploaded())
                .when(new DefineAdeEnrollmentProfile(TOKEN, TENANT, SETTINGS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeTokenUseRefused.class, event ->
                        event.reason().equals("CONFIG_URL_INVALID")), andNoMore())));
        fixture.given(uploaded())
                .when(new DefineAdeEnrollmentProfile(TOKEN, TENANT, SETTINGS))
                .expectNoEvents().expectException(refusal(Kind.BAD_GATEWAY, "apple-unavailable"));
        fixture.given(uploaded())
                .when(new DefineAdeEnrollmentProfile(TOKEN, OTHER_TENANT, SETTINGS))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "ade-token-not-found"));
    }

    @Test
    void onlyAProfileDefinedUnderTheTokenCanBeItsDefaultAndSettingItAgainRecordsNothing() {
        fixture.given(uploaded(), defined("PROFILE1"))
                .when(new SetAdeDefaultProfile(TOKEN, TENANT, "PROFILE1"))
                .expectEvents(new AdeDefaultProfileSet(TOKEN, TENANT, "PROFILE1"))
                .expectResultMessagePayload(new AdeDefaultProfile(TOKEN, "PROFILE1"));
        fixture.given(uploaded(), defined("PROFILE1"), new AdeDefaultProfileSet(TOKEN, TENANT, "PROFILE1"))
                .when(new SetAdeDefaultProfile(TOKEN, TENANT, "PROFILE1"))
                .expectNoEvents().expectResultMessagePayload(new AdeDefaultProfile(TOKEN, "PROFILE1"));
        fixture.given(uploaded(), defined("PROFILE1"))
                .when(new SetAdeDefaultProfile(TOKEN, TENANT, "ELSEWHERE"))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "ade-profile-not-found"));
        fixture.given(uploaded(), defined("PROFILE1"))
                .when(new SetAdeDefaultProfile(TOKEN, TENANT, "not a uuid!"))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "invalid-profile"));
        fixture.given(uploaded(), defined("PROFILE1"))
                .when(new SetAdeDefaultProfile(TOKEN, OTHER_TENANT, "PROFILE1"))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "ade-token-not-found"));
    }

    // ---- the default profile after a sync -----------------------------------------------------

    @Test
    void newDevicesAndDevicesWithoutAProfileGetTheDefaultRightAfterTheSync() {
        apple.answering(page("c3", false, device("C02NEW001", "added"), device("C02AAA111", "modified", "empty"),
                        device("C02AAA222", "modified", "assigned"), device("C02AAA333", "deleted"),
                        device("C02MOVED1", "added", "assigned"), device(null, "modified")),
                "SUCCESS");
        fixture.given(uploaded(), fetched("c2"), defined("PROFILE1"), new AdeDefaultProfileSet(TOKEN, TENANT, "PROFILE1"))
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(AdeDevicesSynced.class, event -> event.added() == 2 && event.modified() == 3),
                        event(AdeProfileAssigned.class, event -> event.equals(new AdeProfileAssigned(TOKEN, TENANT,
                                "PROFILE1", null, Map.of("C02AAA111", "SUCCESS", "C02MOVED1", "SUCCESS",
                                "C02NEW001", "SUCCESS")))),
                        andNoMore())))
                .expectResultMessagePayload(new AdeDeviceSyncResult(TOKEN, false, 2, 3, 1, 3));
        // New devices and those whose profile status is empty; not one with a profile, nor one Apple removed.
        assertThat(apple.calls).containsExactly("sync c2", "assign PROFILE1 [C02AAA111, C02MOVED1, C02NEW001]");
    }

    @Test
    void withoutADefaultNothingIsAssigned() {
        apple.answering(page("c3", false, device("C02NEW001", "added")));
        fixture.given(uploaded(), fetched("c2"), defined("PROFILE1"))
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeDevicesSynced.class, event -> true),
                        andNoMore())));
        assertThat(apple.calls).containsExactly("sync c2");
    }

    @Test
    void devicesAppleCouldNotBeAskedForWaitForTheNextSyncUnlessAnAdminAssignedThemMeanwhile() {
        AdeDevicesSynced newDevices = new AdeDevicesSynced(TOKEN, TENANT, false, 2, 0, 0, "c3",
                List.of(device("C02NEW001", "added"), device("C02NEW002", "added")));
        apple.answering(page("c4", false), "SUCCESS");
        fixture.given(uploaded(), defined("PROFILE1"), new AdeDefaultProfileSet(TOKEN, TENANT, "PROFILE1"), newDevices,
                        new AdeProfileAssigned(TOKEN, TENANT, "OTHER", null, Map.of("C02NEW002", "SUCCESS")))
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeDevicesSynced.class, event -> true),
                        event(AdeProfileAssigned.class, event -> event.results().equals(Map.of("C02NEW001", "SUCCESS"))),
                        andNoMore())));
        assertThat(apple.calls).containsExactly("sync c3", "assign PROFILE1 [C02NEW001]");
    }

    @Test
    void appleUnreachableForTheAssignmentKeepsTheSyncAndRecordsNothingMore() {
        apple.answering(page("c3", false, device("C02NEW001", "added")), unreachable());
        fixture.given(uploaded(), fetched("c2"), defined("PROFILE1"), new AdeDefaultProfileSet(TOKEN, TENANT, "PROFILE1"))
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeDevicesSynced.class, event -> true),
                        andNoMore())))
                .expectResultMessagePayload(new AdeDeviceSyncResult(TOKEN, false, 1, 0, 0, 0));
    }

    @Test
    void appleRefusingTheDefaultIsRecordedOnceUntilAnAssignmentWorks() {
        String detail = "Apple refused the profile-assignment with PROFILE_NOT_FOUND.";
        apple.answering(page("c4", false, device("C02NEW002", "added")), refused(400, "PROFILE_NOT_FOUND"));
        AdeDevicesSynced firstNew = new AdeDevicesSynced(TOKEN, TENANT, false, 1, 0, 0, "c3",
                List.of(device("C02NEW001", "added")));
        fixture.given(uploaded(), defined("PROFILE1"), new AdeDefaultProfileSet(TOKEN, TENANT, "PROFILE1"), firstNew,
                        new AdeTokenUseRefused(TOKEN, TENANT, "profile-assignment", "PROFILE_NOT_FOUND", detail))
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeDevicesSynced.class, event -> true),
                        andNoMore())));
        assertThat(apple.calls).containsExactly("sync c3", "assign PROFILE1 [C02NEW001, C02NEW002]");
    }

    // ---- the schedule -------------------------------------------------------------------------

    @Test
    void theScheduleSyncsAsAnAdminDoes() {
        apple.answering(page("c1", false, device("C02AAA111", null)));
        fixture.given(uploaded())
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEvents(new AdeDevicesSynced(TOKEN, TENANT, true, 1, 0, 0, "c1", List.of(device("C02AAA111", null))))
                .expectResultMessagePayload(new AdeDeviceSyncResult(TOKEN, true, 1, 0, 0, 0));
    }

    @Test
    void anExpiredTokenIsRecordedOnceByTheScheduleThenSkippedWithoutAskingApple() {
        fixture.given(uploaded(), fetched("c2"), expired())
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeTokenUseRefused.class, event ->
                        event.operation().equals("device-sync") && event.reason().equals("token-expired")), andNoMore())))
                .expectResultMessagePayloadMatching(matches((RefusedTokenUse refused) ->
                        refused.type().equals("ade-token-expired")));
        fixture.given(uploaded(), fetched("c2"), expired(),
                        new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", "expired"))
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches((RefusedTokenUse refused) ->
                        refused.type().equals("ade-token-expired")));
        // An admin asking is answered and recorded as before.
        fixture.given(uploaded(), fetched("c2"), expired(),
                        new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", "expired"))
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeTokenUseRefused.class, event -> true),
                        andNoMore())));
        assertThat(apple.calls).isEmpty();
    }

    @Test
    void afterARenewalTheScheduleSyncsAgainAndAFurtherExpiryIsRecordedAgain() {
        apple.answering(page("c3", false));
        clock.setInstant(EXPIRY.plusSeconds(3600));
        fixture.given(uploaded(), fetched("c2"), expired(),
                        new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", "expired"), renewed())
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEvents(new AdeDevicesSynced(TOKEN, TENANT, false, 0, 0, 0, "c3", List.of()));
        clock.setInstant(NEW_EXPIRY.plusSeconds(3600));
        fixture.given(uploaded(), fetched("c2"), expired(),
                        new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", "expired"), renewed())
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(AdeTokenUseRefused.class, event ->
                        event.reason().equals("token-expired")), andNoMore())));
    }

    @Test
    void appleRefusingTheScheduledSyncIsRecordedOnceUntilASyncWorks() {
        String detail = "Apple refused the device-sync with T_C_NOT_SIGNED: accept Apple's new terms and conditions "
                + "in Apple Business Manager, then try again.";
        apple.answering(refused(403, "T_C_NOT_SIGNED"), refused(403, "T_C_NOT_SIGNED"));
        fixture.given(uploaded(), fetched("c2"))
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEvents(new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "T_C_NOT_SIGNED", detail));
        fixture.given(uploaded(), fetched("c2"), new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "T_C_NOT_SIGNED",
                        detail))
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectNoEvents();
        apple.answering(refused(403, "T_C_NOT_SIGNED"));
        fixture.given(uploaded(), new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "T_C_NOT_SIGNED", detail),
                        fetched("c2"))
                .when(new SyncAdeDevicesOnSchedule(TOKEN))
                .expectEvents(new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "T_C_NOT_SIGNED", detail));
    }
}
