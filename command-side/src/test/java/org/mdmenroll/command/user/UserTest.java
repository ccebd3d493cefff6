package org.mdmenroll.command.user;

import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.user.UserCommands.AllowAccountDrivenEnrollment;
import org.mdmenroll.command.user.UserCommands.CreateLocalUser;
import org.mdmenroll.command.user.UserCommands.ImportLdapUser;
import org.mdmenroll.command.user.UserCommands.Invitation;
import org.mdmenroll.command.user.UserCommands.InviteUser;
import org.mdmenroll.command.user.UserCommands.IssueEnrollmentPin;
import org.mdmenroll.command.user.UserCommands.IssuedPin;
import org.mdmenroll.command.user.UserCommands.LogInWithPassword;
import org.mdmenroll.command.user.UserCommands.LogInWithPin;
import org.mdmenroll.command.user.UserCommands.PinLogin;
import org.mdmenroll.command.user.UserCommands.PinPolicy;
import org.mdmenroll.command.user.UserCommands.RevokeAccountDrivenEnrollment;
import org.mdmenroll.command.user.UserCommands.SetPassword;
import org.mdmenroll.command.user.UserCommands.UpdateLdapUser;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
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
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.problem.Refusal.Kind;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.CoreMatchers.equalTo;
import static org.mdmenroll.command.RefusalMatcher.refusal;

class UserTest {

    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final InvitationId INVITATION = InvitationId.of("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    private static final String HOST = "acme.mdm.example.com";
    private static final String ENROLLMENT_URL = "https://" + HOST + "/t/acme/go?v=3";
    private static final String EMAIL = "joe@acme.example";
    private static final String NAME = "Joe Example";
    private static final String DN = "uid=joe,ou=people,dc=acme,dc=example";

    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final Duration INVITATION_VALIDITY = Duration.ofDays(14);
    private static final Duration PIN_TTL = Duration.ofDays(3);
    private static final int MAX_ATTEMPTS = 5;
    private static final PinPolicy POLICY = new PinPolicy(false, 6, PIN_TTL, MAX_ATTEMPTS);
    private static final PinPolicy PIN_REQUIRED = new PinPolicy(true, 6, PIN_TTL, MAX_ATTEMPTS);
    private static final Instant PIN_EXPIRES = NOW.plus(PIN_TTL);

    /** Cost 4 keeps the salted hashes fast; the aggregate never sees the cost. */
    private static final PasswordEncoder ENCODER = new BCryptPasswordEncoder(4);
    /** What {@link FixedPinGenerator} hands out, cut to the policy's length. */
    private static final String DIGITS = "482913765012";
    private static final String PIN = "482913";
    /** PINs are stored as keyed hashes under the test secrets key. */
    private static final PinHashes HASHES = new PinHashes(
            SecretBox.fromBase64Key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), ENCODER);
    private static final String PIN_HASH = HASHES.hash(USER, PIN);
    private static final String OTHER_PIN = "135790";
    private static final String OTHER_PIN_HASH = HASHES.hash(USER, OTHER_PIN);
    private static final String WRONG_PIN = "000000";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String PASSWORD_HASH = ENCODER.encode(PASSWORD);
    private static final String NEW_PASSWORD_HASH = ENCODER.encode("a brand new passphrase");

    private static final String SESSION_TOKEN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Instant SESSION_EXPIRES = NOW.plus(Duration.ofHours(1));

    /** Always the same digits, so a test knows the clear PIN the aggregate only stores hashed. */
    static final class FixedPinGenerator extends PinGenerator {
        @Override
        public String digits(int length) {
            return DIGITS.substring(0, length);
        }
    }

    private final MutableClock clock = new MutableClock(NOW);
    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(new FixedPinGenerator());
        fixture.registerInjectableResource(ENCODER);
        fixture.registerInjectableResource(HASHES);
        fixture.registerInjectableResource(clock);
    }

    // ---- given ----------------------------------------------------------------------------------

    private static LocalUserCreated localUserCreated() {
        return new LocalUserCreated(USER, TENANT, EMAIL, NAME);
    }

    private static UserPasswordSet passwordSet() {
        return new UserPasswordSet(USER, TENANT, PASSWORD_HASH);
    }

    private static EnrollmentPinIssued pinIssued() {
        return pinIssued(PIN_HASH);
    }

    private static EnrollmentPinIssued pinIssued(String pinHash) {
        return new EnrollmentPinIssued(USER, TENANT, pinHash, PIN_EXPIRES, MAX_ATTEMPTS);
    }

    private static EnrollmentPinRejected rejected(int attempt) {
        return new EnrollmentPinRejected(USER, TENANT, attempt);
    }

    private static EnrollmentSessionStarted sessionStarted(boolean mustSetPassword) {
        return new EnrollmentSessionStarted(USER, TENANT, SESSION_TOKEN_HASH, SESSION_EXPIRES, mustSetPassword);
    }

    /** The events of a user's PIN that took every wrong attempt and is locked out. */
    private static Object[] lockedOutPin() {
        List<Object> events = new ArrayList<>();
        events.add(pinIssued());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            events.add(rejected(attempt));
        }
        events.add(new EnrollmentPinLockedOut(USER, TENANT, MAX_ATTEMPTS));
        return events.toArray();
    }

    /** A local user without password, followed by these events. */
    private TestExecutor<User> givenUser(Object... laterEvents) {
        return fixture.given(localUserCreated()).andGiven(laterEvents);
    }

    private static LogInWithPin logInWithPin(String pin) {
        return new LogInWithPin(USER, pin, SESSION_TOKEN_HASH, SESSION_EXPIRES);
    }

    private static LogInWithPassword logInWithPassword(String password) {
        return new LogInWithPassword(USER, password, SESSION_TOKEN_HASH, SESSION_EXPIRES);
    }

    // ---- then -----------------------------------------------------------------------------------

    /** Exactly these payloads, in this order, and nothing more. */
    @SuppressWarnings("unchecked")
    private static Matcher<List<Message<?>>> exactlyPayloads(Matcher<?>... payloads) {
        List<Matcher<Message<?>>> messages = new ArrayList<>();
        for (Matcher<?> payload : payloads) {
            messages.add(Matchers.messageWithPayload(payload));
        }
        messages.add(Matchers.andNoMore());
        return Matchers.exactSequenceOf(messages.toArray(new Matcher[0]));
    }

    /** A PIN issued to the user whose keyed hash is one of {@code clearPin}. */
    private static Matcher<EnrollmentPinIssued> pinIssuedFor(String clearPin, Instant expiresAt, int maxAttempts) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(EnrollmentPinIssued event, Description mismatch) {
                EnrollmentPinIssued expected =
                        new EnrollmentPinIssued(USER, TENANT, event.pinHash(), expiresAt, maxAttempts);
                if (!expected.equals(event)) {
                    mismatch.appendText("was ").appendValue(event);
                    return false;
                }
                if (event.pinHash() == null || !event.pinHash().startsWith(PinHashes.PREFIX)
                        || !HASHES.matches(USER, clearPin, event.pinHash())) {
                    mismatch.appendText("had pinHash ").appendValue(event.pinHash())
                            .appendText(", which is not a hash of ").appendValue(clearPin);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("EnrollmentPinIssued[userId=" + USER + ", tenantId=" + TENANT
                        + ", pinHash=<hash of " + clearPin + ">, expiresAt=" + expiresAt
                        + ", maxAttempts=" + maxAttempts + "]");
            }
        };
    }

    // ---- creating local users -------------------------------------------------------------------

    @Test
    void aUserWithoutPasswordIsCreatedWithoutOne() {
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, EMAIL, NAME, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LocalUserCreated(USER, TENANT, EMAIL, NAME));
    }

    @Test
    void aPasswordHashGivenOnCreationIsSetRightAfterTheUserIsCreated() {
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, EMAIL, NAME, PASSWORD_HASH))
                .expectEvents(new LocalUserCreated(USER, TENANT, EMAIL, NAME),
                        new UserPasswordSet(USER, TENANT, PASSWORD_HASH));
    }

    @Test
    void theEmailIsRecordedLowerCaseAndTheNameWithoutSurroundingWhitespace() {
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, "  Joe.Example@ACME.Example ", "  Joe Example\t", null))
                .expectEvents(new LocalUserCreated(USER, TENANT, "joe.example@acme.example", "Joe Example"));
    }

    @ParameterizedTest(name = "email \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "joe", "joe@acme", "@acme.example", "joe@", "joe@@acme.example",
            "joe doe@acme.example", "joe@acme.example@other.example"})
    void anInvalidEmailIsRefused(String email) {
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, email, NAME, null))
                .expectException(refusal(Kind.INVALID, "invalid-email"))
                .expectNoEvents();
    }

    @Test
    void anEmailLongerThan320CharactersIsRefused() {
        String email = "j".repeat(308) + "@acme.example"; // 321 characters
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, email, NAME, null))
                .expectException(refusal(Kind.INVALID, "invalid-email"))
                .expectNoEvents();
    }

    @Test
    void anEmailOf320CharactersIsAccepted() {
        String email = "j".repeat(307) + "@acme.example"; // 320 characters
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, email, NAME, null))
                .expectEvents(new LocalUserCreated(USER, TENANT, email, NAME));
    }

    @ParameterizedTest(name = "display name \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void aBlankDisplayNameIsRefused(String displayName) {
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, EMAIL, displayName, PASSWORD_HASH))
                .expectException(refusal(Kind.INVALID, "invalid-display-name"))
                .expectNoEvents();
    }

    @Test
    void aDisplayNameLongerThan200CharactersIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateLocalUser(USER, TENANT, EMAIL, "J".repeat(201), null))
                .expectException(refusal(Kind.INVALID, "invalid-display-name"))
                .expectNoEvents();
    }

    // ---- LDAP users -----------------------------------------------------------------------------

    private static LdapUserImported imported() {
        return new LdapUserImported(USER, TENANT, DN, EMAIL, NAME);
    }

    @Test
    void anLdapUserIsImportedWithItsDnNormalisedEmailAndTrimmedName() {
        fixture.givenNoPriorActivity()
                .when(new ImportLdapUser(USER, TENANT, "  " + DN + " ", "Joe@ACME.example", " Joe Example "))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LdapUserImported(USER, TENANT, DN, EMAIL, NAME));
    }

    @ParameterizedTest(name = "DN \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "joe", "joe@acme.example"})
    void anImportWithAnInvalidDistinguishedNameIsRefused(String dn) {
        fixture.givenNoPriorActivity()
                .when(new ImportLdapUser(USER, TENANT, dn, EMAIL, NAME))
                .expectException(refusal(Kind.INVALID, "invalid-distinguished-name"))
                .expectNoEvents();
    }

    @Test
    void anImportWithADistinguishedNameLongerThan1000CharactersIsRefused() {
        String dn = "uid=" + "j".repeat(997); // 1001 characters
        fixture.givenNoPriorActivity()
                .when(new ImportLdapUser(USER, TENANT, dn, EMAIL, NAME))
                .expectException(refusal(Kind.INVALID, "invalid-distinguished-name"))
                .expectNoEvents();
    }

    @Test
    void anImportWithAnInvalidEmailIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ImportLdapUser(USER, TENANT, DN, "joe", NAME))
                .expectException(refusal(Kind.INVALID, "invalid-email"))
                .expectNoEvents();
    }

    @Test
    void anImportWithABlankDisplayNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ImportLdapUser(USER, TENANT, DN, EMAIL, " "))
                .expectException(refusal(Kind.INVALID, "invalid-display-name"))
                .expectNoEvents();
    }

    @Test
    void aChangedEmailIsRecordedAsAnUpdateAndAnsweredTrue() {
        fixture.given(imported())
                .when(new UpdateLdapUser(USER, DN, "Joe.Example@ACME.example", NAME))
                .expectEvents(new LdapUserUpdated(USER, TENANT, DN, "joe.example@acme.example", NAME))
                .expectResultMessagePayload(true);
    }

    @Test
    void aChangedDisplayNameIsRecordedAsAnUpdateAndAnsweredTrue() {
        fixture.given(imported())
                .when(new UpdateLdapUser(USER, DN, EMAIL, "Joseph Example"))
                .expectEvents(new LdapUserUpdated(USER, TENANT, DN, EMAIL, "Joseph Example"))
                .expectResultMessagePayload(true);
    }

    @Test
    void anUnchangedEntryRecordsNothingAndIsAnsweredFalse() {
        fixture.given(imported())
                .when(new UpdateLdapUser(USER, DN, " JOE@acme.example ", " Joe Example "))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anEntryEqualToTheLastUpdateRecordsNothing() {
        fixture.given(imported(), new LdapUserUpdated(USER, TENANT, DN, "joseph@acme.example", "Joseph Example"))
                .when(new UpdateLdapUser(USER, DN, "joseph@acme.example", "Joseph Example"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anUpdateWithAnInvalidDistinguishedNameIsRefused() {
        fixture.given(imported())
                .when(new UpdateLdapUser(USER, "joe", "joseph@acme.example", NAME))
                .expectException(refusal(Kind.INVALID, "invalid-distinguished-name"))
                .expectNoEvents();
    }

    @Test
    void anUpdateWithAnInvalidEmailIsRefused() {
        fixture.given(imported())
                .when(new UpdateLdapUser(USER, DN, "joe@", NAME))
                .expectException(refusal(Kind.INVALID, "invalid-email"))
                .expectNoEvents();
    }

    @Test
    void anUpdateWithABlankDisplayNameIsRefused() {
        fixture.given(imported())
                .when(new UpdateLdapUser(USER, DN, EMAIL, ""))
                .expectException(refusal(Kind.INVALID, "invalid-display-name"))
                .expectNoEvents();
    }

    // ---- invitations ----------------------------------------------------------------------------

    private InviteUser invite(PinPolicy policy) {
        return new InviteUser(USER, INVITATION, ENROLLMENT_URL, policy, INVITATION_VALIDITY);
    }

    @Test
    void aUserWithoutPasswordIsInvitedWithAPinThatExpiresAfterThePinTtl() {
        givenUser()
                .when(invite(POLICY))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactlyPayloads(
                        equalTo(new UserInvited(USER, TENANT, INVITATION, ENROLLMENT_URL, true,
                                NOW.plus(INVITATION_VALIDITY))),
                        pinIssuedFor(PIN, NOW.plus(PIN_TTL), MAX_ATTEMPTS)))
                .expectResultMessagePayload(new Invitation(INVITATION, ENROLLMENT_URL,
                        NOW.plus(INVITATION_VALIDITY), PIN, NOW.plus(PIN_TTL)));
    }

    @Test
    void theInvitationAndPinExpireRelativeToTheClockAtTheTimeOfInviting() {
        Instant later = NOW.plus(Duration.ofDays(40));
        clock.setInstant(later);
        givenUser()
                .when(invite(POLICY))
                .expectEventsMatching(exactlyPayloads(
                        equalTo(new UserInvited(USER, TENANT, INVITATION, ENROLLMENT_URL, true,
                                later.plus(INVITATION_VALIDITY))),
                        pinIssuedFor(PIN, later.plus(PIN_TTL), MAX_ATTEMPTS)))
                .expectResultMessagePayload(new Invitation(INVITATION, ENROLLMENT_URL,
                        later.plus(INVITATION_VALIDITY), PIN, later.plus(PIN_TTL)));
    }

    @Test
    void aUserWithPasswordIsInvitedWithoutPinWhenTheTenantDoesNotRequireOne() {
        givenUser(passwordSet())
                .when(invite(POLICY))
                .expectEvents(new UserInvited(USER, TENANT, INVITATION, ENROLLMENT_URL, false,
                        NOW.plus(INVITATION_VALIDITY)))
                .expectResultMessagePayload(new Invitation(INVITATION, ENROLLMENT_URL,
                        NOW.plus(INVITATION_VALIDITY), null, null));
    }

    @Test
    void aUserWithPasswordIsInvitedWithAPinWhenTheTenantRequiresOne() {
        givenUser(passwordSet())
                .when(invite(PIN_REQUIRED))
                .expectEventsMatching(exactlyPayloads(
                        equalTo(new UserInvited(USER, TENANT, INVITATION, ENROLLMENT_URL, true,
                                NOW.plus(INVITATION_VALIDITY))),
                        pinIssuedFor(PIN, NOW.plus(PIN_TTL), MAX_ATTEMPTS)))
                .expectResultMessagePayload(new Invitation(INVITATION, ENROLLMENT_URL,
                        NOW.plus(INVITATION_VALIDITY), PIN, NOW.plus(PIN_TTL)));
    }

    // ---- issuing PINs ---------------------------------------------------------------------------

    @Test
    void aPinIsIssuedWithThePolicysLengthTtlAndMaximumAttemptsAndAnsweredInClear() {
        PinPolicy policy = new PinPolicy(false, 8, Duration.ofDays(2), 3);
        givenUser()
                .when(new IssueEnrollmentPin(USER, policy))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactlyPayloads(pinIssuedFor("48291376", NOW.plus(Duration.ofDays(2)), 3)))
                .expectResultMessagePayload(new IssuedPin("48291376", NOW.plus(Duration.ofDays(2))));
    }

    @Test
    void aNewPinCanBeIssuedWhileAnotherIsStillValid() {
        clock.advance(Duration.ofHours(1));
        givenUser(pinIssued())
                .when(new IssueEnrollmentPin(USER, POLICY))
                .expectEventsMatching(exactlyPayloads(
                        pinIssuedFor(PIN, NOW.plus(Duration.ofHours(1)).plus(PIN_TTL), MAX_ATTEMPTS)))
                .expectResultMessagePayload(new IssuedPin(PIN, NOW.plus(Duration.ofHours(1)).plus(PIN_TTL)));
    }

    // ---- logging in with a PIN ------------------------------------------------------------------

    @Test
    void theCorrectPinStartsASessionThatMustSetAPasswordWhenTheUserHasNone() {
        givenUser(pinIssued())
                .when(logInWithPin(PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true))
                .expectResultMessagePayload(new PinLogin(true, true, 0));
    }

    @Test
    void theCorrectPinStartsASessionWithoutPasswordChangeWhenTheUserHasOne() {
        givenUser(passwordSet(), pinIssued())
                .when(logInWithPin(PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(false))
                .expectResultMessagePayload(new PinLogin(true, false, 0));
    }

    @Test
    void theCorrectPinIsAcceptedAfterEarlierWrongOnes() {
        givenUser(pinIssued(), rejected(1), rejected(2))
                .when(logInWithPin(PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true))
                .expectResultMessagePayload(new PinLogin(true, true, 0));
    }

    @Test
    void aWrongPinIsRecordedAndCountsTowardsLockOut() {
        givenUser(pinIssued())
                .when(logInWithPin(WRONG_PIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(rejected(1))
                .expectResultMessagePayload(new PinLogin(false, false, MAX_ATTEMPTS - 1));
    }

    @Test
    void eachFurtherWrongPinCountsOneMoreAttempt() {
        givenUser(pinIssued(), rejected(1), rejected(2))
                .when(logInWithPin(WRONG_PIN))
                .expectEvents(rejected(3))
                .expectResultMessagePayload(new PinLogin(false, false, MAX_ATTEMPTS - 3));
    }

    @Test
    void theLastAllowedWrongPinLocksThePinOut() {
        givenUser(pinIssued(), rejected(1), rejected(2), rejected(3), rejected(4))
                .when(logInWithPin(WRONG_PIN))
                .expectEvents(rejected(5), new EnrollmentPinLockedOut(USER, TENANT, 5))
                .expectResultMessagePayload(new PinLogin(false, false, 0));
    }

    @Test
    void aPinAllowingOneAttemptIsLockedOutByTheFirstWrongPin() {
        givenUser(new EnrollmentPinIssued(USER, TENANT, PIN_HASH, PIN_EXPIRES, 1))
                .when(logInWithPin(WRONG_PIN))
                .expectEvents(rejected(1), new EnrollmentPinLockedOut(USER, TENANT, 1))
                .expectResultMessagePayload(new PinLogin(false, false, 0));
    }

    @Test
    void evenTheCorrectPinIsRefusedAfterLockOutAndNothingIsRecorded() {
        givenUser(lockedOutPin())
                .when(logInWithPin(PIN))
                .expectException(refusal(Kind.LOCKED, "pin-locked-out"))
                .expectNoEvents();
    }

    @Test
    void aWrongPinAfterLockOutIsRefusedWithoutCountingFurther() {
        givenUser(lockedOutPin())
                .when(logInWithPin(WRONG_PIN))
                .expectException(refusal(Kind.LOCKED, "pin-locked-out"))
                .expectNoEvents();
    }

    @Test
    void aPinIsRefusedOnceItHasExpiredAndNothingIsRecorded() {
        clock.setInstant(PIN_EXPIRES.plusSeconds(1));
        givenUser(pinIssued())
                .when(logInWithPin(PIN))
                .expectException(refusal(Kind.UNAUTHORIZED, "pin-expired"))
                .expectNoEvents();
    }

    @Test
    void aPinNoLongerWorksAtTheInstantItExpires() {
        clock.setInstant(PIN_EXPIRES);
        givenUser(pinIssued())
                .when(logInWithPin(PIN))
                .expectException(refusal(Kind.UNAUTHORIZED, "pin-expired"))
                .expectNoEvents();
    }

    @Test
    void aPinIssuedBeforeKeyedHashesIsStillCheckedAsTheBcryptHashItWasStoredAs() {
        givenUser(pinIssued(ENCODER.encode(PIN)))
                .when(logInWithPin(PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true));
        givenUser(pinIssued(ENCODER.encode(PIN)))
                .when(logInWithPin(WRONG_PIN))
                .expectEvents(rejected(1));
    }

    @Test
    void aPinHashIsBoundToItsUserSoAnotherUsersHashDoesNotMatch() {
        String othersHash = HASHES.hash(UserId.of("11111111-2222-4333-8444-555555555555"), PIN);
        assertThat(othersHash).isNotEqualTo(PIN_HASH);
        givenUser(pinIssued(othersHash))
                .when(logInWithPin(PIN))
                .expectEvents(rejected(1));
    }

    @Test
    void aPinStillWorksJustBeforeItExpires() {
        clock.setInstant(PIN_EXPIRES.minusMillis(1));
        givenUser(pinIssued())
                .when(logInWithPin(PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true));
    }

    @Test
    void aWrongPinForAnExpiredPinIsRefusedAsExpiredWithoutCountingAnAttempt() {
        clock.setInstant(PIN_EXPIRES.plus(Duration.ofDays(1)));
        givenUser(pinIssued())
                .when(logInWithPin(WRONG_PIN))
                .expectException(refusal(Kind.UNAUTHORIZED, "pin-expired"))
                .expectNoEvents();
    }

    @Test
    void aPinWorksOnlyOnce() {
        givenUser(pinIssued(), new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true))
                .when(logInWithPin(PIN))
                .expectException(refusal(Kind.UNAUTHORIZED, "pin-already-used"))
                .expectNoEvents();
    }

    @Test
    void aWrongPinAfterThePinWasUsedIsInvalidCredentialsAndNotCounted() {
        givenUser(pinIssued(), new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true))
                .when(logInWithPin(WRONG_PIN))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-credentials"))
                .expectNoEvents();
    }

    @Test
    void aPinLoginWithoutAnIssuedPinIsInvalidCredentials() {
        givenUser(passwordSet())
                .when(logInWithPin(PIN))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-credentials"))
                .expectNoEvents();
    }

    @Test
    void aNewPinAfterLockOutWorks() {
        givenUser(lockedOutPin()).andGiven(pinIssued(OTHER_PIN_HASH))
                .when(logInWithPin(OTHER_PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true))
                .expectResultMessagePayload(new PinLogin(true, true, 0));
    }

    @Test
    void aNewPinReplacesTheOldOneAndStartsCountingWrongAttemptsAfresh() {
        givenUser(lockedOutPin()).andGiven(pinIssued(OTHER_PIN_HASH))
                .when(logInWithPin(PIN))
                .expectEvents(rejected(1))
                .expectResultMessagePayload(new PinLogin(false, false, MAX_ATTEMPTS - 1));
    }

    @Test
    void aNewPinAfterAUsedOneWorks() {
        givenUser(pinIssued(), new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true),
                pinIssued(OTHER_PIN_HASH))
                .when(logInWithPin(OTHER_PIN))
                .expectEvents(new EnrollmentPinAccepted(USER, TENANT), sessionStarted(true));
    }

    // ---- logging in with a password -------------------------------------------------------------

    @Test
    void theCorrectPasswordStartsASessionThatNeedNotSetAPassword() {
        givenUser(passwordSet())
                .when(logInWithPassword(PASSWORD))
                .expectSuccessfulHandlerExecution()
                .expectEvents(sessionStarted(false));
    }

    @Test
    void aWrongPasswordIsInvalidCredentialsAndRecordsNothing() {
        givenUser(passwordSet())
                .when(logInWithPassword("wrong horse battery staple"))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-credentials"))
                .expectNoEvents();
    }

    @Test
    void aUserWithoutPasswordCannotLogInWithOne() {
        givenUser(pinIssued())
                .when(logInWithPassword(PASSWORD))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-credentials"))
                .expectNoEvents();
    }

    @Test
    void theReplacedPasswordNoLongerWorks() {
        givenUser(passwordSet(), new UserPasswordSet(USER, TENANT, NEW_PASSWORD_HASH))
                .when(logInWithPassword(PASSWORD))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-credentials"))
                .expectNoEvents();
    }

    @Test
    void thePasswordGivenOnCreationWorks() {
        fixture.given(localUserCreated(), passwordSet())
                .when(logInWithPassword(PASSWORD))
                .expectEvents(sessionStarted(false));
    }

    // ---- setting passwords ----------------------------------------------------------------------

    @Test
    void aPasswordIsSetWithItsHash() {
        givenUser()
                .when(new SetPassword(USER, PASSWORD_HASH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserPasswordSet(USER, TENANT, PASSWORD_HASH));
    }

    @Test
    void anExistingPasswordIsReplaced() {
        givenUser(passwordSet())
                .when(new SetPassword(USER, NEW_PASSWORD_HASH))
                .expectEvents(new UserPasswordSet(USER, TENANT, NEW_PASSWORD_HASH));
    }

    // ---- account-driven enrollment -------------------------------------------------------------

    private static final String APPLE_ID = "joe@" + HOST;

    private static AllowAccountDrivenEnrollment allow(String managedAppleId) {
        return new AllowAccountDrivenEnrollment(USER, managedAppleId, HOST, null);
    }

    @Test
    void aManagedAppleIdOfTheTenantsDomainIsAllowedLowerCase() {
        givenUser()
                .when(allow(" Joe@ACME.mdm.example.com "))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null));
    }

    @ParameterizedTest(name = "managed Apple ID \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"joe@other.example.com", "joe@evil-acme.mdm.example.com",
            "joe@sub.acme.mdm.example.com", "joe@acme.mdm.example.com.evil.example", "joe@mdm.example.com",
            "acme.mdm.example.com", "@acme.mdm.example.com", "joe doe@acme.mdm.example.com",
            "joe@x@acme.mdm.example.com"})
    void aManagedAppleIdOutsideTheTenantsDomainIsRefused(String managedAppleId) {
        givenUser()
                .when(allow(managedAppleId))
                .expectException(refusal(Kind.INVALID, "managed-apple-id-domain"))
                .expectNoEvents();
    }

    @Test
    void allowingTheSameManagedAppleIdAgainRecordsNothing() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null))
                .when(allow("JOE@acme.mdm.example.com"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherManagedAppleIdOfTheDomainReplacesTheAllowedOne() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null))
                .when(allow("joseph@" + HOST))
                .expectEvents(new AccountDrivenEnrollmentAllowed(USER, TENANT, "joseph@" + HOST, null));
    }

    @Test
    void revokingIsRecordedWithTheManagedAppleId() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null))
                .when(new RevokeAccountDrivenEnrollment(USER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountDrivenEnrollmentRevoked(USER, TENANT, APPLE_ID));
    }

    @Test
    void revokingWithoutTheRoleIsAConflict() {
        givenUser()
                .when(new RevokeAccountDrivenEnrollment(USER))
                .expectException(refusal(Kind.CONFLICT, "account-driven-enrollment-not-allowed"))
                .expectNoEvents();
    }

    @Test
    void revokingTwiceIsAConflict() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null),
                new AccountDrivenEnrollmentRevoked(USER, TENANT, APPLE_ID))
                .when(new RevokeAccountDrivenEnrollment(USER))
                .expectException(refusal(Kind.CONFLICT, "account-driven-enrollment-not-allowed"))
                .expectNoEvents();
    }

    @Test
    void theSameManagedAppleIdCanBeAllowedAgainAfterRevoking() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null),
                new AccountDrivenEnrollmentRevoked(USER, TENANT, APPLE_ID))
                .when(allow(APPLE_ID))
                .expectEvents(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null));
    }

    @Test
    void aUsersOwnModeIsRecordedWithTheManagedAppleId() {
        givenUser()
                .when(new AllowAccountDrivenEnrollment(USER, APPLE_ID, HOST, AccountDrivenEnrollmentMode.DEVICE))
                .expectEvents(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, AccountDrivenEnrollmentMode.DEVICE));
    }

    @Test
    void changingOnlyTheUsersModeIsRecorded() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null))
                .when(new AllowAccountDrivenEnrollment(USER, APPLE_ID, HOST, AccountDrivenEnrollmentMode.USER))
                .expectEvents(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, AccountDrivenEnrollmentMode.USER));
    }

    @Test
    void leavingTheModeOutGoesBackToTheTenantsMode() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, AccountDrivenEnrollmentMode.DEVICE))
                .when(allow(APPLE_ID))
                .expectEvents(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, null));
    }

    @Test
    void theSameManagedAppleIdAndModeAgainRecordNothing() {
        givenUser(new AccountDrivenEnrollmentAllowed(USER, TENANT, APPLE_ID, AccountDrivenEnrollmentMode.DEVICE))
                .when(new AllowAccountDrivenEnrollment(USER, APPLE_ID, HOST, AccountDrivenEnrollmentMode.DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aModeOutsideTheTenantsDomainIsRefusedLikeAnyOther() {
        givenUser()
                .when(new AllowAccountDrivenEnrollment(USER, "joe@other.example.com", HOST, AccountDrivenEnrollmentMode.DEVICE))
                .expectException(refusal(Kind.INVALID, "managed-apple-id-domain"))
                .expectNoEvents();
    }
}
