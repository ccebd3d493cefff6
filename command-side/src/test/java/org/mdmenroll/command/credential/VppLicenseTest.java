package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.CredentialCommands.AssignVppLicenses;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.RevokeVppLicenses;
import org.mdmenroll.command.credential.CredentialCommands.VppLicenseResult;
import org.mdmenroll.command.credential.VppLicenseClient.VppServiceException;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.VppLicensesAssigned;
import org.mdmenroll.events.credential.VppLicensesRevoked;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.events.credential.VppTokenUseRefused;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.credential.AdeKeyPairTest.SECRETS;

/** VPP licence assignment and revocation on the VppToken aggregate: Apple through a scripted port. */
class VppLicenseTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final TenantId OTHER_TENANT = TenantId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final CredentialId TOKEN = CredentialId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2027-11-22T10:00:00Z");
    private static final Instant NEW_EXPIRY = Instant.parse("2028-11-20T10:00:00Z");
    private static final String ADAM_ID = "408709785";
    private static final List<String> SERIALS = List.of("C02AAA111", "C02AAA222");

    private final MutableClock clock = new MutableClock(NOW);
    private final ScriptedVppLicenseClient apple = new ScriptedVppLicenseClient();
    private AggregateTestFixture<VppToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VppToken.class);
        fixture.registerInjectableResource(SECRETS);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(apple);
    }

    private static VppTokenUploaded uploaded() {
        return new VppTokenUploaded(TOKEN, TENANT, "Sales", "Acme Inc.", EXPIRY, SECRETS.seal(SecretPurpose.VPP_TOKEN, "sToken-1"));
    }

    private static VppTokenRenewed renewed() {
        return new VppTokenRenewed(TOKEN, TENANT, "Acme Inc.", NEW_EXPIRY, SECRETS.seal(SecretPurpose.VPP_TOKEN, "sToken-2"));
    }

    private static CredentialExpired expired() {
        return new CredentialExpired(TOKEN, TENANT, CredentialKind.VPP_TOKEN, EXPIRY);
    }

    @Test
    void licencesAreAssignedAndRevokedWithTheUnsealedSToken() {
        apple.answering("event-1", "event-2");
        fixture.given(uploaded())
                .when(new AssignVppLicenses(TOKEN, TENANT, " " + ADAM_ID + " ", List.of("c02aaa111", "C02AAA222")))
                .expectEvents(new VppLicensesAssigned(TOKEN, TENANT, ADAM_ID, SERIALS, "event-1"))
                .expectResultMessagePayload(new VppLicenseResult(TOKEN, ADAM_ID, SERIALS, "event-1"));
        fixture.given(uploaded(), new VppLicensesAssigned(TOKEN, TENANT, ADAM_ID, SERIALS, "event-1"))
                .when(new RevokeVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectEvents(new VppLicensesRevoked(TOKEN, TENANT, ADAM_ID, SERIALS, "event-2"));
        assertThat(apple.calls).containsExactly("associate 408709785 [C02AAA111, C02AAA222]",
                "disassociate 408709785 [C02AAA111, C02AAA222]");
        assertThat(apple.sTokensSeen).containsOnly("sToken-1");
    }

    @Test
    void anExpiredTokenRefusesAssignmentAndRevocationRecordsThemAndSendsNothing() {
        String assignment = expiredDetail("license-assignment");
        fixture.given(uploaded(), expired())
                .when(new AssignVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectEvents(new VppTokenUseRefused(TOKEN, TENANT, "license-assignment", ADAM_ID, SERIALS,
                        "token-expired", assignment))
                .expectResultMessagePayload(new RefusedTokenUse(Kind.CONFLICT, "vpp-token-expired", assignment, null));
        clock.setInstant(EXPIRY);
        fixture.given(uploaded())
                .when(new RevokeVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectEvents(new VppTokenUseRefused(TOKEN, TENANT, "license-revocation", ADAM_ID, SERIALS,
                        "token-expired", expiredDetail("license-revocation")));
        assertThat(apple.calls).isEmpty();
    }

    @Test
    void aRenewalMakesThemWorkAgainWithTheNewToken() {
        apple.answering("event-3", "event-4");
        clock.setInstant(EXPIRY.plusSeconds(3600));
        fixture.given(uploaded(), expired(), renewed())
                .when(new AssignVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectEvents(new VppLicensesAssigned(TOKEN, TENANT, ADAM_ID, SERIALS, "event-3"));
        fixture.given(uploaded(), expired(), renewed())
                .when(new RevokeVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectEvents(new VppLicensesRevoked(TOKEN, TENANT, ADAM_ID, SERIALS, "event-4"));
        assertThat(apple.sTokensSeen).containsOnly("sToken-2");
    }

    @Test
    void appleRefusingIsRecordedWithItsErrorNumberAndUnreachableAppleIsNot() {
        apple.answering(new VppServiceException("9602", "refused: 9602 Invalid authentication token", true));
        String detail = "Apple refused the license-assignment with 9602: download a new token in Apple Business "
                + "Manager and renew it here.";
        fixture.given(uploaded())
                .when(new AssignVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectEvents(new VppTokenUseRefused(TOKEN, TENANT, "license-assignment", ADAM_ID, SERIALS, "9602", detail))
                .expectResultMessagePayload(new RefusedTokenUse(Kind.BAD_GATEWAY, "apple-refused", detail, "9602"));
        apple.answering(new VppServiceException("UNREACHABLE", "Connection refused", false));
        fixture.given(uploaded())
                .when(new RevokeVppLicenses(TOKEN, TENANT, ADAM_ID, SERIALS))
                .expectNoEvents().expectException(refusal(Kind.BAD_GATEWAY, "apple-unavailable"));
    }

    @Test
    void badInputAndAnotherTenantsTokenRecordNothing() {
        refused(new AssignVppLicenses(TOKEN, TENANT, "Pages", SERIALS), "invalid-adam-id");
        refused(new AssignVppLicenses(TOKEN, TENANT, null, SERIALS), "invalid-adam-id");
        refused(new RevokeVppLicenses(TOKEN, TENANT, ADAM_ID, List.of()), "serial-numbers-required");
        refused(new RevokeVppLicenses(TOKEN, TENANT, ADAM_ID, List.of("C02-AAA")), "invalid-serial-number");
        fixture.given(uploaded())
                .when(new AssignVppLicenses(TOKEN, OTHER_TENANT, ADAM_ID, SERIALS))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "vpp-token-not-found"));
        assertThat(apple.calls).isEmpty();
    }

    /** Bad input comes before the token's state: even an expired token records nothing for it. */
    private void refused(Object command, String problem) {
        fixture.given(uploaded(), expired()).when(command)
                .expectNoEvents().expectException(refusal(Kind.INVALID, problem));
    }

    private static String expiredDetail(String operation) {
        return "The VPP token expired on " + EXPIRY + ": " + operation + " is refused and nothing was sent to Apple; "
                + "apps already installed stay installed. Download a new content token for Sales in Apple Business "
                + "Manager and upload it to POST /api/apple/vpp/tokens/" + TOKEN + "/renewal.";
    }
}
