package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.CredentialCommands.AdeDeviceSyncResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileAssignmentResult;
import org.mdmenroll.command.credential.CredentialCommands.AssignAdeProfile;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevices;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ProfileDefinition;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeDevicesSynced;
import org.mdmenroll.events.credential.AdeProfileAssigned;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.AdeTokenUseRefused;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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

/** ADE device sync and profile assignment on the AdeToken aggregate: Apple through a scripted port. */
class AdeDeviceAssignmentTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final TenantId OTHER_TENANT = TenantId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final CredentialId TOKEN = CredentialId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2027-11-22T09:00:00Z");
    private static final Instant NEW_EXPIRY = Instant.parse("2028-11-20T09:00:00Z");
    private static final String MESSAGE = "{\"consumer_key\":\"CK_1\",\"consumer_secret\":\"CS_clear\","
            + "\"access_token\":\"AT_clear\",\"access_secret\":\"AS_clear\",\"access_token_expiry\":\"" + EXPIRY + "\"}";
    private static final String RENEWED_MESSAGE = MESSAGE.replace("AT_clear", "AT_renewed");
    private static final ProfileDefinition PROFILE = new ProfileDefinition("Acme ADE", "https://acme.example.com/ade",
            true, true, false, "IT", "+1 555 0100", List.of("Siri"), false, null, null, null, null);

    private final MutableClock clock = new MutableClock(NOW);
    private final ScriptedDeviceAssignmentClient apple = new ScriptedDeviceAssignmentClient();
    private AggregateTestFixture<AdeToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AdeToken.class);
        fixture.registerInjectableResource(SECRETS);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(apple);
    }

    private static AdeTokenUploaded uploaded() {
        return new AdeTokenUploaded(TOKEN, TENANT, "mdm@acme.example.com", "Acme Main", EXPIRY,
                SECRETS.seal(SecretPurpose.ADE_TOKEN, MESSAGE));
    }

    private static AdeTokenRenewed renewed() {
        return new AdeTokenRenewed(TOKEN, TENANT, "Acme Main", NEW_EXPIRY, SECRETS.seal(SecretPurpose.ADE_TOKEN, RENEWED_MESSAGE));
    }

    private static CredentialExpired expired() {
        return new CredentialExpired(TOKEN, TENANT, CredentialKind.ADE_TOKEN, EXPIRY);
    }

    private static AdeDevicesSynced synced(String cursor) {
        return new AdeDevicesSynced(TOKEN, TENANT, true, 1, 0, 0, cursor, List.of(device("C02AAA111", null)));
    }

    // ---- device sync --------------------------------------------------------------------------

    @Test
    void theFirstSyncFetchesEveryPageAndKeepsApplesCursor() {
        apple.answering(page("c1", true, device("C02AAA111", null), device("C02AAA222", null)),
                page("c2", false, device("C02AAA333", null)));
        fixture.given(uploaded())
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEvents(new AdeDevicesSynced(TOKEN, TENANT, true, 3, 0, 0, "c2",
                        List.of(device("C02AAA111", null), device("C02AAA222", null), device("C02AAA333", null))))
                .expectResultMessagePayload(new AdeDeviceSyncResult(TOKEN, true, 3, 0, 0, 0));
        assertThat(apple.calls).containsExactly("fetch null", "fetch c1");
        // Opened only to sign: the port gets the clear credentials, the event store never does.
        assertThat(apple.tokensSeen.get(0)).isEqualTo(new ServerToken("CK_1", "CS_clear", "AT_clear", "AS_clear"));
    }

    @Test
    void laterSyncsAskForTheChangesSinceTheKeptCursorAndCountThem() {
        apple.answering(page("c3", false, device("C02AAA444", "added"), device("C02AAA111", "modified"),
                device("C02AAA222", "deleted"), device("C02AAA555", "added")));
        fixture.given(uploaded(), synced("c2"))
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((AdeDevicesSynced event) ->
                        !event.fullFetch() && event.added() == 2 && event.modified() == 1 && event.deleted() == 1
                                && event.cursor().equals("c3") && event.devices().size() == 4), andNoMore())))
                .expectResultMessagePayload(new AdeDeviceSyncResult(TOKEN, false, 2, 1, 1, 0));
        assertThat(apple.calls).containsExactly("sync c2");
    }

    @Test
    void aCursorAppleNoLongerKnowsMeansAFullFetchAgain() {
        apple.answering(refused(400, "EXPIRED_CURSOR"), page("c9", false, device("C02AAA111", null)));
        fixture.given(uploaded(), synced("c2"))
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEvents(new AdeDevicesSynced(TOKEN, TENANT, true, 1, 0, 0, "c9", List.of(device("C02AAA111", null))));
        assertThat(apple.calls).containsExactly("sync c2", "fetch null");
    }

    @Test
    void anExpiredTokenRefusesTheSyncAndRecordsItWithoutAskingApple() {
        RefusedTokenUse refusal = new RefusedTokenUse(Kind.CONFLICT, "ade-token-expired", expiredDetail("device-sync"), null);
        fixture.given(uploaded(), expired())
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEvents(new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", refusal.detail()))
                .expectResultMessagePayload(refusal);
        // The saga's deadline may not have run yet: past the date is expired all the same.
        clock.setInstant(EXPIRY);
        fixture.given(uploaded())
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEvents(new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", refusal.detail()));
        assertThat(apple.calls).isEmpty();
    }

    @Test
    void aRenewalMakesTheSyncWorkAgainWithTheNewTokenAndTheSameCursor() {
        apple.answering(page("c3", false));
        clock.setInstant(EXPIRY.plus(Duration.ofDays(2)));
        fixture.given(uploaded(), synced("c2"), expired(),
                        new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "token-expired", "expired"), renewed())
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEvents(new AdeDevicesSynced(TOKEN, TENANT, false, 0, 0, 0, "c3", List.of()));
        assertThat(apple.calls).containsExactly("sync c2");
        assertThat(apple.tokensSeen.get(0).accessToken()).isEqualTo("AT_renewed");
    }

    @Test
    void appleRefusingIsRecordedWithItsCodeAndUnreachableAppleIsNot() {
        apple.answering(refused(403, "T_C_NOT_SIGNED"));
        String detail = "Apple refused the device-sync with T_C_NOT_SIGNED: accept Apple's new terms and conditions "
                + "in Apple Business Manager, then try again.";
        fixture.given(uploaded())
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectEvents(new AdeTokenUseRefused(TOKEN, TENANT, "device-sync", "T_C_NOT_SIGNED", detail))
                .expectResultMessagePayload(new RefusedTokenUse(Kind.BAD_GATEWAY, "apple-refused", detail, "T_C_NOT_SIGNED"));
        apple.answering(unreachable());
        fixture.given(uploaded())
                .when(new SyncAdeDevices(TOKEN, TENANT))
                .expectNoEvents().expectException(refusal(Kind.BAD_GATEWAY, "apple-unavailable"));
    }

    @Test
    void anotherTenantsTokenIsNotFound() {
        fixture.given(uploaded())
                .when(new SyncAdeDevices(TOKEN, OTHER_TENANT))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "ade-token-not-found"));
        fixture.given(uploaded())
                .when(new AssignAdeProfile(TOKEN, OTHER_TENANT, "8A2B", null, List.of("C02AAA111")))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "ade-token-not-found"));
    }

    // ---- profile assignment -------------------------------------------------------------------

    @Test
    void aProfileDefinedBeforeIsAssignedAndApplesResultPerSerialRecorded() {
        apple.answering("SUCCESS");
        fixture.given(uploaded())
                .when(new AssignAdeProfile(TOKEN, TENANT, "8A2B3C4D", null, List.of(" c02aaa111 ", "C02AAA222", "C02AAA111")))
                .expectEvents(new AdeProfileAssigned(TOKEN, TENANT, "8A2B3C4D", null,
                        Map.of("C02AAA111", "SUCCESS", "C02AAA222", "SUCCESS")))
                .expectResultMessagePayload(new AdeProfileAssignmentResult(TOKEN, "8A2B3C4D",
                        Map.of("C02AAA111", "SUCCESS", "C02AAA222", "SUCCESS")));
        assertThat(apple.calls).containsExactly("assign 8A2B3C4D [C02AAA111, C02AAA222]");
    }

    @Test
    void aNewProfileIsDefinedThenAssigned() {
        apple.answering("NEWUUID1", "NOT_ACCESSIBLE");
        fixture.given(uploaded())
                .when(new AssignAdeProfile(TOKEN, TENANT, null, PROFILE, List.of("C02AAA111")))
                .expectEvents(new AdeProfileAssigned(TOKEN, TENANT, "NEWUUID1", "Acme ADE", Map.of("C02AAA111", "NOT_ACCESSIBLE")));
        assertThat(apple.calls).containsExactly("define Acme ADE", "assign NEWUUID1 [C02AAA111]");
    }

    @Test
    void anExpiredTokenRefusesTheAssignmentAndRecordsItUntilRenewed() {
        String detail = expiredDetail("profile-assignment");
        fixture.given(uploaded(), expired())
                .when(new AssignAdeProfile(TOKEN, TENANT, "8A2B3C4D", null, List.of("C02AAA111")))
                .expectEvents(new AdeTokenUseRefused(TOKEN, TENANT, "profile-assignment", "token-expired", detail))
                .expectResultMessagePayload(new RefusedTokenUse(Kind.CONFLICT, "ade-token-expired", detail, null));
        assertThat(apple.calls).isEmpty();

        apple.answering("SUCCESS");
        fixture.given(uploaded(), expired(), renewed())
                .when(new AssignAdeProfile(TOKEN, TENANT, "8A2B3C4D", null, List.of("C02AAA111")))
                .expectEvents(new AdeProfileAssigned(TOKEN, TENANT, "8A2B3C4D", null, Map.of("C02AAA111", "SUCCESS")));
    }

    @Test
    void appleRefusingTheAssignmentIsRecorded() {
        apple.answering(refused(400, "DEVICE_ID_REQUIRED"));
        fixture.given(uploaded())
                .when(new AssignAdeProfile(TOKEN, TENANT, "8A2B3C4D", null, List.of("C02AAA111")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((AdeTokenUseRefused event) ->
                        event.operation().equals("profile-assignment") && event.reason().equals("DEVICE_ID_REQUIRED")),
                        andNoMore())));
    }

    @Test
    void badInputIsRefusedBeforeAnythingElseAndRecordsNothing() {
        assigning(null, "8A2B", "serial-numbers-required");
        assigning(List.of(), "8A2B", "serial-numbers-required");
        assigning(List.of("C02 AAA"), "8A2B", "invalid-serial-number");
        assigning(List.of("C02AAA111"), null, "profile-required");
        assigning(List.of("C02AAA111"), "not a uuid!", "invalid-profile");
        fixture.given(uploaded(), expired())
                .when(new AssignAdeProfile(TOKEN, TENANT, "8A2B", PROFILE, List.of("C02AAA111")))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "profile-required"));
        fixture.given(uploaded())
                .when(new AssignAdeProfile(TOKEN, TENANT, null, new ProfileDefinition("Acme", "http://plain.example.com",
                        true, false, true, null, null, null, false, null, null, null, null), List.of("C02AAA111")))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "invalid-profile"));
        fixture.given(uploaded())
                .when(new AssignAdeProfile(TOKEN, TENANT, null, new ProfileDefinition(" ", "https://acme.example.com",
                        true, false, true, null, null, null, false, null, null, null, null), List.of("C02AAA111")))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "invalid-profile"));
        List<String> tooMany = IntStream.range(0, 1001).mapToObj(i -> "C02" + (100000 + i)).toList();
        assigning(tooMany, "8A2B", "too-many-serial-numbers");
        assertThat(apple.calls).isEmpty();
    }

    /** Bad input comes before the token's state: even an expired token records nothing for it. */
    private void assigning(List<String> serials, String profileUuid, String problem) {
        fixture.given(uploaded(), expired())
                .when(new AssignAdeProfile(TOKEN, TENANT, profileUuid, null, serials))
                .expectNoEvents().expectException(refusal(Kind.INVALID, problem));
    }

    private static String expiredDetail(String operation) {
        return "The ADE token expired on " + EXPIRY + ": " + operation + " is refused until it is renewed. Download a "
                + "new server token for this MDM server in Apple Business Manager and upload it to "
                + "POST /api/apple/ade/tokens/" + TOKEN + "/renewal.";
    }
}
