package org.mdmenroll.command.tenant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.tenant.TenantCommands.ChangeEnrollmentSettings;
import org.mdmenroll.command.tenant.TenantCommands.CheckEnrollmentUrl;
import org.mdmenroll.command.tenant.TenantCommands.CreateTenant;
import org.mdmenroll.command.tenant.TenantCommands.EnrollmentUrl;
import org.mdmenroll.command.tenant.TenantCommands.GenerateEnrollmentUrl;
import org.mdmenroll.command.tenant.TenantCommands.SetAccountDrivenEnrollment;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentDisabled;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.EnrollmentSettingsChanged;
import org.mdmenroll.events.tenant.EnrollmentUrlGenerated;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.util.stream.Stream;

import org.mdmenroll.events.tenant.AdeEnrollmentRefusal;
import org.mdmenroll.events.tenant.AdeEnrollmentRefused;
import org.mdmenroll.events.tenant.MinimumOsVersionsSet;

import static org.hamcrest.Matchers.startsWith;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.events.tenant.EnrollmentSettings.DEFAULTS;

class TenantTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final String SLUG = "acme";
    private static final String HOST = "acme.mdm.example.com";

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    private static TenantCreated created() {
        return new TenantCreated(TENANT, SLUG, "Acme Corp", HOST, DEFAULTS);
    }

    private static EnrollmentUrlGenerated urlGenerated(int version) {
        return new EnrollmentUrlGenerated(TENANT, version, url(version));
    }

    private static String url(int version) {
        return "https://" + HOST + "/t/" + SLUG + "/go?v=" + version;
    }

    /** A tenant as its creation leaves it: default settings, enrollment URL version 1. */
    private TestExecutor<Tenant> givenTenant(Object... laterEvents) {
        return fixture.given(created(), urlGenerated(1)).andGiven(laterEvents);
    }

    private static EnrollmentSettings settings(boolean requirePin, int pinLength, Duration pinTtl, int maxPinAttempts,
            Duration profileValidity, Duration nudgeInterval, int nudgeMaxCount, Duration invitationValidity) {
        return new EnrollmentSettings(requirePin, pinLength, pinTtl, maxPinAttempts, profileValidity, nudgeInterval,
                nudgeMaxCount, invitationValidity);
    }

    // ---- creating -------------------------------------------------------------------------------

    @Test
    void aNewTenantStartsWithDefaultSettingsAndEnrollmentUrlVersionOne() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, SLUG, "Acme Corp", HOST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new TenantCreated(TENANT, SLUG, "Acme Corp", HOST, DEFAULTS),
                        new EnrollmentUrlGenerated(TENANT, 1, "https://acme.mdm.example.com/t/acme/go?v=1"));
    }

    @Test
    void theTenantNameIsRecordedWithoutSurroundingWhitespace() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, SLUG, "  Acme Corp \t", HOST))
                .expectEvents(created(), urlGenerated(1));
    }

    @ParameterizedTest(name = "slug \"{0}\"")
    @ValueSource(strings = {"a", "7", "a-b", "acme-2",
            "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh"}) // 63 characters
    void aSlugOfOneToSixtyThreeLowerCaseLettersDigitsAndInnerHyphensIsAccepted(String slug) {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, slug, "Acme Corp", HOST))
                .expectEvents(new TenantCreated(TENANT, slug, "Acme Corp", HOST, DEFAULTS),
                        new EnrollmentUrlGenerated(TENANT, 1, "https://" + HOST + "/t/" + slug + "/go?v=1"));
    }

    @ParameterizedTest(name = "slug \"{0}\"")
    @ValueSource(strings = {"", "Acme", "-acme", "acme-", "ac_me", "ac me", "acme/x", "äcme",
            "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi"}) // 64 characters
    void anInvalidSlugIsRefused(String slug) {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, slug, "Acme Corp", HOST))
                .expectException(refusal(Kind.INVALID, "invalid-slug"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "host domain \"{0}\"")
    @ValueSource(strings = {"", "localhost", "Acme.mdm.example.com", "acme..example.com", "-acme.example.com",
            "acme-.example.com", "acme.example.c0m", "acme.example.c", "https://acme.example.com",
            "acme.example.com/", "acme.example.com.", "acme_corp.example.com", "192.168.1.10"})
    void aHostDomainThatIsNotALowerCaseDnsNameIsRefused(String hostDomain) {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, SLUG, "Acme Corp", hostDomain))
                .expectException(refusal(Kind.INVALID, "invalid-host-domain"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "name \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void aTenantWithoutANameIsRefused(String name) {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT, SLUG, name, HOST))
                .expectException(refusal(Kind.INVALID, "invalid-name"))
                .expectNoEvents();
    }

    // ---- changing enrollment settings -----------------------------------------------------------

    private static final EnrollmentSettings STRICTER = settings(true, 8, Duration.ofDays(2), 3, Duration.ofMinutes(10),
            Duration.ofHours(12), 3, Duration.ofDays(14));

    @Test
    void changedSettingsAreRecordedInFull() {
        givenTenant()
                .when(new ChangeEnrollmentSettings(TENANT, STRICTER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new EnrollmentSettingsChanged(TENANT, STRICTER));
    }

    @Test
    void settingsEqualToTheDefaultsOfANewTenantRecordNothing() {
        givenTenant()
                .when(new ChangeEnrollmentSettings(TENANT, DEFAULTS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void settingsEqualToTheLastChangeRecordNothing() {
        givenTenant(new EnrollmentSettingsChanged(TENANT, STRICTER))
                .when(new ChangeEnrollmentSettings(TENANT, STRICTER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void goingBackToTheDefaultsAfterAChangeIsRecorded() {
        givenTenant(new EnrollmentSettingsChanged(TENANT, STRICTER))
                .when(new ChangeEnrollmentSettings(TENANT, DEFAULTS))
                .expectEvents(new EnrollmentSettingsChanged(TENANT, DEFAULTS));
    }

    @Test
    void everySettingAtTheLowerEndOfItsRangeIsAccepted() {
        EnrollmentSettings lowest = settings(true, 4, Duration.ofMinutes(5), 1, Duration.ofMinutes(1),
                Duration.ofMinutes(1), 0, Duration.ofHours(1));
        givenTenant()
                .when(new ChangeEnrollmentSettings(TENANT, lowest))
                .expectEvents(new EnrollmentSettingsChanged(TENANT, lowest));
    }

    @Test
    void everySettingAtTheUpperEndOfItsRangeIsAccepted() {
        EnrollmentSettings highest = settings(true, 12, Duration.ofDays(30), 20, Duration.ofHours(24),
                Duration.ofDays(7), 100, Duration.ofDays(90));
        givenTenant()
                .when(new ChangeEnrollmentSettings(TENANT, highest))
                .expectEvents(new EnrollmentSettingsChanged(TENANT, highest));
    }

    static Stream<Arguments> outOfRangeSettings() {
        Duration second = Duration.ofSeconds(1);
        return Stream.of(
                outOfRange("pinLength", 3, s -> s.pinLength = 3),
                outOfRange("pinLength", 13, s -> s.pinLength = 13),
                outOfRange("maxPinAttempts", 0, s -> s.maxPinAttempts = 0),
                outOfRange("maxPinAttempts", 21, s -> s.maxPinAttempts = 21),
                outOfRange("nudgeMaxCount", -1, s -> s.nudgeMaxCount = -1),
                outOfRange("nudgeMaxCount", 101, s -> s.nudgeMaxCount = 101),
                outOfRange("pinTtl", "5 minutes less a second",
                        s -> s.pinTtl = Duration.ofMinutes(5).minus(second)),
                outOfRange("pinTtl", "30 days and a second", s -> s.pinTtl = Duration.ofDays(30).plus(second)),
                outOfRange("pinTtl", "missing", s -> s.pinTtl = null),
                outOfRange("profileValidity", "59 seconds", s -> s.profileValidity = Duration.ofSeconds(59)),
                outOfRange("profileValidity", "24 hours and a second",
                        s -> s.profileValidity = Duration.ofHours(24).plus(second)),
                outOfRange("profileValidity", "missing", s -> s.profileValidity = null),
                outOfRange("nudgeInterval", "59 seconds", s -> s.nudgeInterval = Duration.ofSeconds(59)),
                outOfRange("nudgeInterval", "7 days and a second",
                        s -> s.nudgeInterval = Duration.ofDays(7).plus(second)),
                outOfRange("nudgeInterval", "missing", s -> s.nudgeInterval = null),
                outOfRange("invitationValidity", "59 minutes",
                        s -> s.invitationValidity = Duration.ofMinutes(59)),
                outOfRange("invitationValidity", "90 days and a second",
                        s -> s.invitationValidity = Duration.ofDays(90).plus(second)),
                outOfRange("invitationValidity", "missing", s -> s.invitationValidity = null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outOfRangeSettings")
    void aSettingOutsideItsRangeIsRefusedAndNamed(String setting, Object value, EnrollmentSettings settings) {
        givenTenant()
                .when(new ChangeEnrollmentSettings(TENANT, settings))
                .expectException(refusal(Kind.INVALID, "invalid-enrollment-settings"))
                .expectExceptionMessage(startsWith(setting + " must be between"))
                .expectNoEvents();
    }

    /** Valid, non-default settings with one value changed. */
    private static Arguments outOfRange(String setting, Object value, java.util.function.Consumer<Draft> change) {
        Draft draft = new Draft();
        change.accept(draft);
        return Arguments.of(setting, value, draft.build());
    }

    private static final class Draft {
        boolean requirePin = true;
        int pinLength = 8;
        Duration pinTtl = Duration.ofDays(2);
        int maxPinAttempts = 3;
        Duration profileValidity = Duration.ofMinutes(10);
        Duration nudgeInterval = Duration.ofHours(12);
        int nudgeMaxCount = 3;
        Duration invitationValidity = Duration.ofDays(14);

        EnrollmentSettings build() {
            return settings(requirePin, pinLength, pinTtl, maxPinAttempts, profileValidity, nudgeInterval,
                    nudgeMaxCount, invitationValidity);
        }
    }

    // ---- enrollment URLs ------------------------------------------------------------------------

    @Test
    void generatingAUrlAfterCreationGivesVersionTwoAndAnswersIt() {
        givenTenant()
                .when(new GenerateEnrollmentUrl(TENANT))
                .expectEvents(new EnrollmentUrlGenerated(TENANT, 2, "https://acme.mdm.example.com/t/acme/go?v=2"))
                .expectResultMessagePayload(new EnrollmentUrl(2, "https://acme.mdm.example.com/t/acme/go?v=2"));
    }

    @Test
    void generatingAUrlAlwaysGivesTheVersionAfterTheLatest() {
        givenTenant(urlGenerated(2), urlGenerated(3))
                .when(new GenerateEnrollmentUrl(TENANT))
                .expectEvents(urlGenerated(4))
                .expectResultMessagePayload(new EnrollmentUrl(4, url(4)));
    }

    @Test
    void theCurrentVersionPassesTheCheckAndRecordsNothing() {
        givenTenant(urlGenerated(2))
                .when(new CheckEnrollmentUrl(TENANT, 2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void versionOneIsCurrentRightAfterCreation() {
        givenTenant()
                .when(new CheckEnrollmentUrl(TENANT, 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anOlderVersionIsGone() {
        givenTenant(urlGenerated(2), urlGenerated(3))
                .when(new CheckEnrollmentUrl(TENANT, 2))
                .expectException(refusal(Kind.GONE, "enrollment-url-outdated"))
                .expectNoEvents();
    }

    @Test
    void theFirstVersionIsGoneOnceANewOneWasGenerated() {
        givenTenant(urlGenerated(2))
                .when(new CheckEnrollmentUrl(TENANT, 1))
                .expectException(refusal(Kind.GONE, "enrollment-url-outdated"))
                .expectNoEvents();
    }

    @Test
    void aVersionNotGeneratedYetIsRefused() {
        givenTenant(urlGenerated(2))
                .when(new CheckEnrollmentUrl(TENANT, 3))
                .expectException(refusal(Kind.GONE, "enrollment-url-outdated"))
                .expectNoEvents();
    }

    // ---- account-driven enrollment -------------------------------------------------------------

    @Test
    void enablingItIsRecorded() {
        givenTenant()
                .when(new SetAccountDrivenEnrollment(TENANT, true))
                .expectEvents(new AccountDrivenEnrollmentEnabled(TENANT));
    }

    @Test
    void enablingItWhenAlreadyEnabledRecordsNothing() {
        givenTenant(new AccountDrivenEnrollmentEnabled(TENANT))
                .when(new SetAccountDrivenEnrollment(TENANT, true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void disablingItWhenEnabledIsRecorded() {
        givenTenant(new AccountDrivenEnrollmentEnabled(TENANT))
                .when(new SetAccountDrivenEnrollment(TENANT, false))
                .expectEvents(new AccountDrivenEnrollmentDisabled(TENANT));
    }

    @Test
    void disablingItOnANewTenantRecordsNothingBecauseItStartsDisabled() {
        givenTenant()
                .when(new SetAccountDrivenEnrollment(TENANT, false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void disablingItWhenAlreadyDisabledRecordsNothing() {
        givenTenant(new AccountDrivenEnrollmentEnabled(TENANT), new AccountDrivenEnrollmentDisabled(TENANT))
                .when(new SetAccountDrivenEnrollment(TENANT, false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void enablingItAgainAfterDisablingIsRecorded() {
        givenTenant(new AccountDrivenEnrollmentEnabled(TENANT), new AccountDrivenEnrollmentDisabled(TENANT))
                .when(new SetAccountDrivenEnrollment(TENANT, true))
                .expectEvents(new AccountDrivenEnrollmentEnabled(TENANT));
    }

    // ---- ADE: minimum OS versions and refused devices ---------------------------------------------

    @Test
    void minimumOsVersionsAreRecordedNormalisedAndAnsweredAsNowInForce() {
        givenTenant()
                .when(new TenantCommands.SetMinimumOsVersions(TENANT, " 17.4 ", ""))
                .expectEvents(new MinimumOsVersionsSet(TENANT, "17.4", null))
                .expectResultMessagePayload(new TenantCommands.MinimumOs("17.4", null));
    }

    @Test
    void unchangedMinimumOsVersionsRecordNothing() {
        givenTenant(new MinimumOsVersionsSet(TENANT, "17.4", "14.0"))
                .when(new TenantCommands.SetMinimumOsVersions(TENANT, "17.4", "14.0"))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantCommands.MinimumOs("17.4", "14.0"));
    }

    @Test
    void clearingTheMinimumsIsRecorded() {
        givenTenant(new MinimumOsVersionsSet(TENANT, "17.4", "14.0"))
                .when(new TenantCommands.SetMinimumOsVersions(TENANT, null, null))
                .expectEvents(new MinimumOsVersionsSet(TENANT, null, null));
    }

    @Test
    void aMinimumThatIsNoVersionIsRefused() {
        givenTenant()
                .when(new TenantCommands.SetMinimumOsVersions(TENANT, "seventeen", null))
                .expectNoEvents()
                .expectException(refusal(Kind.INVALID, "invalid-minimum-os"));
        givenTenant()
                .when(new TenantCommands.SetMinimumOsVersions(TENANT, null, "14.x"))
                .expectNoEvents()
                .expectException(refusal(Kind.INVALID, "invalid-minimum-os"));
    }

    @Test
    void aRefusedAdeEnrollmentIsRecorded() {
        givenTenant()
                .when(new TenantCommands.RecordAdeEnrollmentRefusal(TENANT, "F2LXK1ABJG5H", "iPhone16,2", "17.1",
                        AdeEnrollmentRefusal.OS_BELOW_MINIMUM, "17.4"))
                .expectEvents(new AdeEnrollmentRefused(TENANT, "F2LXK1ABJG5H", "iPhone16,2", "17.1",
                        AdeEnrollmentRefusal.OS_BELOW_MINIMUM, "17.4"));
    }
}
