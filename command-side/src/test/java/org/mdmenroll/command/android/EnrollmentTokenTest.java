package org.mdmenroll.command.android;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.android.AndroidCommands.CreateEnrollmentToken;
import org.mdmenroll.command.android.AndroidCommands.RedeemEnrollmentToken;
import org.mdmenroll.command.android.AndroidCommands.Redemption;
import org.mdmenroll.command.android.AndroidCommands.RevokeEnrollmentToken;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;

import static org.mdmenroll.command.RefusalMatcher.refusal;

class EnrollmentTokenTest {

    private static final EnrollmentTokenId TOKEN = EnrollmentTokenId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final TenantId OTHER_TENANT = TenantId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final UserId LOGGED_IN = UserId.of("6b1f9d8c-2e3a-4d4c-9f0b-1a2b3c4d5e6f");
    private static final String HASH = "ab".repeat(32);
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Duration VALID_FOR = Duration.ofHours(24);
    private static final Instant EXPIRES = NOW.plus(VALID_FOR);

    private final MutableClock clock = new MutableClock(NOW);
    private AggregateTestFixture<EnrollmentToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EnrollmentToken.class);
        fixture.registerInjectableResource(clock);
    }

    private static EnrollmentTokenCreated created(UserId user, boolean oneTime) {
        return new EnrollmentTokenCreated(TOKEN, TENANT, user, HASH, "v1.sealed", oneTime, EXPIRES);
    }

    private TestExecutor<EnrollmentToken> given(UserId user, boolean oneTime, Object... more) {
        return fixture.given(created(user, oneTime)).andGiven(java.util.List.of(more));
    }

    // ---- creating ---------------------------------------------------------------------------------

    @Test
    void aTokenIsCreatedWithItsHashSealedFormAndExpiry() {
        fixture.givenNoPriorActivity()
                .when(new CreateEnrollmentToken(TOKEN, TENANT, USER, true, VALID_FOR, HASH, "v1.sealed"))
                .expectEvents(created(USER, true))
                .expectResultMessagePayload(EXPIRES);
    }

    @Test
    void aTokenForNoParticularUserIsCreatedToo() {
        fixture.givenNoPriorActivity()
                .when(new CreateEnrollmentToken(TOKEN, TENANT, null, false, VALID_FOR, HASH, "v1.sealed"))
                .expectEvents(created(null, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT59S", "P91D", "PT0S", "-PT1H"})
    void aValidityOutsideOneMinuteToNinetyDaysIsRefused(String validFor) {
        fixture.givenNoPriorActivity()
                .when(new CreateEnrollmentToken(TOKEN, TENANT, USER, true, Duration.parse(validFor), HASH, "v1.sealed"))
                .expectException(refusal(Kind.INVALID, "invalid-validity"))
                .expectNoEvents();
    }

    @Test
    void aMissingValidityIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateEnrollmentToken(TOKEN, TENANT, USER, true, null, HASH, "v1.sealed"))
                .expectException(refusal(Kind.INVALID, "invalid-validity"))
                .expectNoEvents();
    }

    @Test
    void theTokenItselfNeverArrivesInClear() {
        fixture.givenNoPriorActivity()
                .when(new CreateEnrollmentToken(TOKEN, TENANT, USER, true, VALID_FOR, "clear-token", "v1.sealed"))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void aTokenIsCreatedOnce() {
        fixture.given(created(USER, true))
                .when(new CreateEnrollmentToken(TOKEN, TENANT, USER, true, VALID_FOR, HASH, "v1.sealed"))
                .expectException(refusal(Kind.CONFLICT, "enrollment-token-exists"))
                .expectNoEvents();
    }

    // ---- redeeming --------------------------------------------------------------------------------

    @Test
    void aUsersTokenEnrollsForThatUserWhoeverLoggedIn() {
        given(USER, true)
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, LOGGED_IN))
                .expectEvents(new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 1))
                .expectResultMessagePayload(new Redemption(USER, null));
    }

    @Test
    void aTokenForNoParticularUserEnrollsForTheUserWhoLoggedIn() {
        given(null, false)
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, LOGGED_IN))
                .expectEvents(new EnrollmentTokenRedeemed(TOKEN, TENANT, LOGGED_IN, 1))
                .expectResultMessagePayload(new Redemption(LOGGED_IN, null));
    }

    @Test
    void aTokenForNoParticularUserNeedsSomeoneLoggedInAndRecordsNothingWithout() {
        given(null, false)
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectException(refusal(Kind.UNAUTHORIZED, "login-required"))
                .expectNoEvents();
    }

    @Test
    void aMultiUseTokenCountsItsRedemptionsUntilItExpires() {
        given(USER, false, new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 1),
                new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 2))
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectEvents(new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 3));
    }

    @Test
    void aOneTimeTokenUsedAgainIsRefusedAndRecorded() {
        given(USER, true, new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 1))
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectEvents(new EnrollmentTokenRefused(TOKEN, TENANT, EnrollmentTokenRefusal.ALREADY_USED))
                .expectResultMessagePayload(new Redemption(null, EnrollmentTokenRefusal.ALREADY_USED));
    }

    @Test
    void anExpiredTokenIsRefusedAndRecordedFromItsExpiryOn() {
        clock.setInstant(EXPIRES);
        given(USER, false)
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectEvents(new EnrollmentTokenRefused(TOKEN, TENANT, EnrollmentTokenRefusal.EXPIRED))
                .expectResultMessagePayload(new Redemption(null, EnrollmentTokenRefusal.EXPIRED));
    }

    @Test
    void anExpiredTokenForNoParticularUserIsRefusedAsExpiredEvenWithoutALogin() {
        clock.setInstant(EXPIRES.plusSeconds(1));
        given(null, true)
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectEvents(new EnrollmentTokenRefused(TOKEN, TENANT, EnrollmentTokenRefusal.EXPIRED));
    }

    @Test
    void aTokenIsStillGoodJustBeforeItsExpiry() {
        clock.setInstant(EXPIRES.minusMillis(1));
        given(USER, true)
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectEvents(new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 1));
    }

    @Test
    void aRevokedTokenIsRefusedAndRecorded() {
        given(USER, false, new EnrollmentTokenRevoked(TOKEN, TENANT))
                .when(new RedeemEnrollmentToken(TOKEN, TENANT, null))
                .expectEvents(new EnrollmentTokenRefused(TOKEN, TENANT, EnrollmentTokenRefusal.REVOKED))
                .expectResultMessagePayload(new Redemption(null, EnrollmentTokenRefusal.REVOKED));
    }

    @Test
    void anotherTenantsTokenDoesNotExist() {
        given(USER, true)
                .when(new RedeemEnrollmentToken(TOKEN, OTHER_TENANT, null))
                .expectException(refusal(Kind.NOT_FOUND, "unknown-enrollment-token"))
                .expectNoEvents();
    }

    // ---- revoking ---------------------------------------------------------------------------------

    @Test
    void aTokenIsRevoked() {
        given(USER, false, new EnrollmentTokenRedeemed(TOKEN, TENANT, USER, 1))
                .when(new RevokeEnrollmentToken(TOKEN, TENANT))
                .expectEvents(new EnrollmentTokenRevoked(TOKEN, TENANT))
                .expectResultMessagePayload(true);
    }

    @Test
    void anExpiredTokenCanStillBeRevoked() {
        clock.setInstant(EXPIRES.plus(Duration.ofDays(3)));
        given(USER, true)
                .when(new RevokeEnrollmentToken(TOKEN, TENANT))
                .expectEvents(new EnrollmentTokenRevoked(TOKEN, TENANT));
    }

    @Test
    void revokingARevokedTokenChangesNothing() {
        given(USER, true, new EnrollmentTokenRevoked(TOKEN, TENANT))
                .when(new RevokeEnrollmentToken(TOKEN, TENANT))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anotherTenantCannotRevokeTheToken() {
        given(USER, true)
                .when(new RevokeEnrollmentToken(TOKEN, OTHER_TENANT))
                .expectException(refusal(Kind.NOT_FOUND, "unknown-enrollment-token"))
                .expectNoEvents();
    }
}
