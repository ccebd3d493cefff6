package org.mdmenroll.command.credential;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.matchers.Matchers;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.CredentialCommands.ExpireCredential;
import org.mdmenroll.command.credential.CredentialCommands.RecordCredentialExpiryWarning;
import org.mdmenroll.command.credential.CredentialExpirySaga.ExpiryDue;
import org.mdmenroll.command.credential.CredentialExpirySaga.ExpiryWarning;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;

import java.time.Duration;
import java.time.Instant;

import static org.hamcrest.CoreMatchers.anything;
import static org.hamcrest.CoreMatchers.equalTo;

class CredentialExpirySagaTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final CredentialId CREDENTIAL = CredentialCommands.pushCertificateOf(TENANT);
    private static final TenantId OTHER_TENANT = TenantId.of("0b1c2d3e-4f50-4a6b-9c7d-8e9f0a1b2c3d");
    private static final CredentialId OTHER_CREDENTIAL = CredentialCommands.pushCertificateOf(OTHER_TENANT);
    private static final String TOPIC = "com.apple.mgmt.External.3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    private static final String WARNING = "credential-expiry-warning";
    private static final String EXPIRY = "credential-expiry";

    private SagaTestFixture<CredentialExpirySaga> fixture;
    private MutableClock clock;
    /** The fixture's time when the test starts. */
    private Instant start;
    /** The first certificate expires 60 days after the start. */
    private Instant expires;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(CredentialExpirySaga.class);
        clock = new MutableClock(fixture.currentTime());
        fixture.registerResource(clock);
        fixture.registerCommandGateway(CommandGateway.class);
        start = clock.instant();
        expires = start.plus(Duration.ofDays(60));
    }

    // ---- given ----------------------------------------------------------------------------------

    private static MdmPushCertificateUploaded uploaded(CredentialId credentialId, Instant expiresAt) {
        return new MdmPushCertificateUploaded(credentialId, TENANT, TOPIC, "5a170001beef", expiresAt,
                "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n", expiresAt);
    }

    private static MdmPushCertificateUploaded uploaded(Instant expiresAt) {
        return uploaded(CREDENTIAL, expiresAt);
    }

    /** A renewal: Apple's notAfter is another date than the renewal's expiry, which alone counts. */
    private static MdmPushCertificateRenewed renewed(CredentialId credentialId, Instant expiresAt) {
        return new MdmPushCertificateRenewed(credentialId, TENANT, TOPIC, "5a170002beef",
                expiresAt.plus(Duration.ofDays(40)), "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n",
                expiresAt);
    }

    /** The fixture and the saga's clock both start at {@link #start} and see the upload. */
    private ContinuedGivenState givenUploaded(Instant expiresAt) {
        return fixture.givenCurrentTime(start).andThenAPublished(uploaded(expiresAt));
    }

    /** Moves the fixture's time (firing what is due) and the saga's clock together. */
    private ContinuedGivenState advance(ContinuedGivenState given, Instant to) throws Exception {
        clock.setInstant(to);
        return given.andThenTimeAdvancesTo(to);
    }

    private static RecordCredentialExpiryWarning warning(int daysLeft, Instant expiresAt) {
        return new RecordCredentialExpiryWarning(CREDENTIAL, daysLeft, expiresAt);
    }

    private static Instant daysBefore(Instant instant, int days) {
        return instant.minus(Duration.ofDays(days));
    }

    // ---- the saga and its deadlines -------------------------------------------------------------
    // The stub deadline manager lists every deadline triggered since the fixture started, so
    // expectTriggeredDeadlines includes those that fell due in the given phase; the dispatched
    // commands are only those of the when phase.

    @Test
    void anUploadStartsASagaAssociatedByTheCredentialId() {
        fixture.givenCurrentTime(start)
                .whenPublishingA(uploaded(expires))
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectAssociationWith("credentialId", CREDENTIAL.toString())
                .expectNoAssociationWith("credentialId", OTHER_CREDENTIAL.toString())
                .expectNoDispatchedCommands();
    }

    @Test
    void anImportStartsTheSagaWithTheFourWarningsAndTheExpiryAtTheCertificatesNotAfter() {
        fixture.givenCurrentTime(start)
                .whenPublishingA(new MdmPushCertificateImported(CREDENTIAL, TENANT, TOPIC, "5a170003beef", expires,
                        "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n", "v1.sealed", expires))
                .expectActiveSagas(1)
                .expectAssociationWith("credentialId", CREDENTIAL.toString())
                .expectScheduledDeadline(daysBefore(expires, 30), new ExpiryWarning(30, expires))
                .expectScheduledDeadline(daysBefore(expires, 1), new ExpiryWarning(1, expires))
                .expectScheduledDeadline(expires, new ExpiryDue(expires))
                .expectNoDispatchedCommands();
    }

    @Test
    void anImportOverAnUploadedCertificateReplacesItsDeadlines() throws Exception {
        Instant later = expires.plus(Duration.ofDays(100));
        fixture.givenCurrentTime(start).andThenAPublished(uploaded(expires))
                .whenPublishingA(new MdmPushCertificateImported(CREDENTIAL, TENANT, TOPIC, "5a170004beef", later,
                        "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n", "v1.sealed", later))
                .expectActiveSagas(1)
                .expectScheduledDeadline(later, new ExpiryDue(later))
                .expectNoScheduledDeadlineMatching(start, daysBefore(later, 30).minusNanos(1), anything());
    }

    @Test
    void anUploadSchedulesTheFourWarningsAndTheExpiry() {
        fixture.givenCurrentTime(start)
                .whenPublishingA(uploaded(expires))
                .expectScheduledDeadline(daysBefore(expires, 30), new ExpiryWarning(30, expires))
                .expectScheduledDeadline(daysBefore(expires, 14), new ExpiryWarning(14, expires))
                .expectScheduledDeadline(daysBefore(expires, 7), new ExpiryWarning(7, expires))
                .expectScheduledDeadline(daysBefore(expires, 1), new ExpiryWarning(1, expires))
                .expectScheduledDeadline(expires, new ExpiryDue(expires))
                .expectScheduledDeadlineWithName(daysBefore(expires, 30), WARNING)
                .expectScheduledDeadlineWithName(daysBefore(expires, 1), WARNING)
                .expectScheduledDeadlineWithName(expires, EXPIRY)
                .expectNoScheduledDeadlineMatching(start, daysBefore(expires, 30).minusNanos(1), anything())
                .expectNoScheduledDeadlineMatching(expires.plusNanos(1), expires.plus(Duration.ofDays(3650)),
                        anything());
    }

    @Test
    void nothingHappensAfterTwentyNineDays() {
        givenUploaded(expires)
                .whenTimeElapses(Duration.ofDays(29))
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlines();
    }

    @Test
    void nothingHappensUntilJustBeforeThirtyDaysLeft() {
        givenUploaded(expires)
                .whenTimeAdvancesTo(daysBefore(expires, 30).minusMillis(1))
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlines()
                .expectScheduledDeadline(daysBefore(expires, 30), new ExpiryWarning(30, expires));
    }

    @Test
    void theThirtyDayWarningIsSentWhenThirtyDaysAreLeft() {
        givenUploaded(expires)
                .whenTimeAdvancesTo(daysBefore(expires, 30))
                .expectDispatchedCommands(warning(30, expires))
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires))
                .expectTriggeredDeadlinesWithName(WARNING)
                .expectDeadlinesMet(new ExpiryWarning(30, expires));
    }

    @Test
    void theFourteenDayWarningFollows() throws Exception {
        advance(givenUploaded(expires), daysBefore(expires, 30))
                .whenTimeAdvancesTo(daysBefore(expires, 14))
                .expectDispatchedCommands(warning(14, expires))
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires), new ExpiryWarning(14, expires));
    }

    @Test
    void theSevenDayWarningFollows() throws Exception {
        advance(givenUploaded(expires), daysBefore(expires, 14))
                .whenTimeAdvancesTo(daysBefore(expires, 7))
                .expectDispatchedCommands(warning(7, expires))
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires), new ExpiryWarning(14, expires), new ExpiryWarning(7, expires));
    }

    @Test
    void theOneDayWarningFollows() throws Exception {
        advance(givenUploaded(expires), daysBefore(expires, 7))
                .whenTimeAdvancesTo(daysBefore(expires, 1))
                .expectDispatchedCommands(warning(1, expires))
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires), new ExpiryWarning(14, expires), new ExpiryWarning(7, expires),
                        new ExpiryWarning(1, expires));
    }

    @Test
    void theCredentialExpiresAtItsExpiryAndNothingIsLeftScheduled() throws Exception {
        advance(givenUploaded(expires), daysBefore(expires, 1))
                .whenTimeAdvancesTo(expires)
                .expectDispatchedCommands(new ExpireCredential(CREDENTIAL, expires))
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires), new ExpiryWarning(14, expires), new ExpiryWarning(7, expires),
                        new ExpiryWarning(1, expires), new ExpiryDue(expires))
                .expectTriggeredDeadlinesWithName(WARNING, WARNING, WARNING, WARNING, EXPIRY)
                .expectNoScheduledDeadlines();
    }

    @Test
    void theWholeCountdownRunsInOrder() {
        givenUploaded(expires)
                .whenTimeAdvancesTo(expires.plus(Duration.ofDays(1)))
                .expectDispatchedCommands(warning(30, expires), warning(14, expires), warning(7, expires),
                        warning(1, expires), new ExpireCredential(CREDENTIAL, expires))
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires), new ExpiryWarning(14, expires), new ExpiryWarning(7, expires),
                        new ExpiryWarning(1, expires), new ExpiryDue(expires))
                .expectNoScheduledDeadlines();
    }

    @Test
    void anUploadExpiringInTenDaysSchedulesOnlyTheSevenAndOneDayWarningsAndTheExpiry() {
        Instant soon = start.plus(Duration.ofDays(10));
        fixture.givenCurrentTime(start)
                .whenPublishingA(uploaded(soon))
                .expectScheduledDeadline(daysBefore(soon, 7), new ExpiryWarning(7, soon))
                .expectScheduledDeadline(daysBefore(soon, 1), new ExpiryWarning(1, soon))
                .expectScheduledDeadline(soon, new ExpiryDue(soon))
                .expectNoScheduledDeadlineMatching(Matchers.messageWithPayload(equalTo(new ExpiryWarning(30, soon))))
                .expectNoScheduledDeadlineMatching(Matchers.messageWithPayload(equalTo(new ExpiryWarning(14, soon))))
                .expectNoScheduledDeadlineMatching(start, daysBefore(soon, 7).minusNanos(1), anything());
    }

    @Test
    void anUploadExpiringInTenDaysSendsOnlyTheSevenAndOneDayWarningsAndTheExpiry() {
        Instant soon = start.plus(Duration.ofDays(10));
        givenUploaded(soon)
                .whenTimeAdvancesTo(soon)
                .expectDispatchedCommands(warning(7, soon), warning(1, soon), new ExpireCredential(CREDENTIAL, soon))
                .expectTriggeredDeadlines(new ExpiryWarning(7, soon), new ExpiryWarning(1, soon), new ExpiryDue(soon));
    }

    @Test
    void anUploadThatExpiredAlreadyIsExpiredAtOnceWithoutWarnings() {
        Instant past = start.minus(Duration.ofDays(2));
        givenUploaded(past)
                .whenTimeElapses(Duration.ZERO)
                .expectDispatchedCommands(new ExpireCredential(CREDENTIAL, past))
                .expectTriggeredDeadlines(new ExpiryDue(past));
    }

    // ---- renewals -------------------------------------------------------------------------------

    @Test
    void aRenewalCancelsThePendingDeadlinesAndSchedulesTheNewDates() throws Exception {
        Instant renewedAt = daysBefore(expires, 20);
        Instant renewedUntil = renewedAt.plus(Duration.ofDays(365));
        advance(givenUploaded(expires), renewedAt)
                .whenPublishingA(renewed(CREDENTIAL, renewedUntil))
                .expectSuccessfulHandlerExecution()
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadline(daysBefore(expires, 14), new ExpiryWarning(14, expires))
                .expectNoScheduledDeadline(daysBefore(expires, 7), new ExpiryWarning(7, expires))
                .expectNoScheduledDeadline(daysBefore(expires, 1), new ExpiryWarning(1, expires))
                .expectNoScheduledDeadline(expires, new ExpiryDue(expires))
                .expectNoScheduledDeadlineMatching(renewedAt, daysBefore(renewedUntil, 30).minusNanos(1), anything())
                .expectNoScheduledDeadlineMatching(Matchers.messageWithPayload(equalTo(new ExpiryDue(expires))))
                .expectScheduledDeadline(daysBefore(renewedUntil, 30), new ExpiryWarning(30, renewedUntil))
                .expectScheduledDeadline(daysBefore(renewedUntil, 14), new ExpiryWarning(14, renewedUntil))
                .expectScheduledDeadline(daysBefore(renewedUntil, 7), new ExpiryWarning(7, renewedUntil))
                .expectScheduledDeadline(daysBefore(renewedUntil, 1), new ExpiryWarning(1, renewedUntil))
                .expectScheduledDeadline(renewedUntil, new ExpiryDue(renewedUntil))
                .expectScheduledDeadlineWithName(renewedUntil, EXPIRY);
    }

    @Test
    void theOldDatesSendNothingAfterARenewal() throws Exception {
        Instant renewedAt = daysBefore(expires, 20);
        Instant renewedUntil = renewedAt.plus(Duration.ofDays(365));
        advance(givenUploaded(expires), renewedAt)
                .andThenAPublished(renewed(CREDENTIAL, renewedUntil))
                .whenTimeAdvancesTo(expires.plus(Duration.ofDays(1)))
                .expectNoDispatchedCommands()
                // only the 30-day warning, which fell due before the renewal
                .expectTriggeredDeadlines(new ExpiryWarning(30, expires));
    }

    @Test
    void theNewDatesWarnWithTheRenewedExpiry() throws Exception {
        Instant renewedAt = daysBefore(expires, 20);
        Instant renewedUntil = renewedAt.plus(Duration.ofDays(365));
        advance(givenUploaded(expires), renewedAt)
                .andThenAPublished(renewed(CREDENTIAL, renewedUntil))
                .whenTimeAdvancesTo(renewedUntil)
                .expectDispatchedCommands(warning(30, renewedUntil), warning(14, renewedUntil),
                        warning(7, renewedUntil), warning(1, renewedUntil),
                        new ExpireCredential(CREDENTIAL, renewedUntil));
    }

    @Test
    void aRenewalAfterTheExpiryStartsTheCountdownAgain() throws Exception {
        Instant renewedAt = expires.plus(Duration.ofDays(5));
        Instant renewedUntil = renewedAt.plus(Duration.ofDays(366));
        advance(givenUploaded(expires), renewedAt)
                .andThenAPublished(renewed(CREDENTIAL, renewedUntil))
                .whenTimeAdvancesTo(daysBefore(renewedUntil, 30))
                .expectDispatchedCommands(warning(30, renewedUntil))
                .expectScheduledDeadline(renewedUntil, new ExpiryDue(renewedUntil));
    }

    @Test
    void aRenewalOfAnotherCredentialLeavesThisSagasDeadlinesAlone() throws Exception {
        Instant renewedAt = daysBefore(expires, 20);
        Instant otherUntil = renewedAt.plus(Duration.ofDays(365));
        advance(givenUploaded(expires), renewedAt)
                .whenPublishingA(renewed(OTHER_CREDENTIAL, otherUntil))
                .expectActiveSagas(2)
                .expectAssociationWith("credentialId", OTHER_CREDENTIAL.toString())
                .expectScheduledDeadline(daysBefore(expires, 14), new ExpiryWarning(14, expires))
                .expectScheduledDeadline(expires, new ExpiryDue(expires))
                .expectScheduledDeadline(daysBefore(otherUntil, 30), new ExpiryWarning(30, otherUntil));
    }

    @Test
    void eachCredentialIsWarnedAboutItsOwnExpiry() throws Exception {
        Instant renewedAt = daysBefore(expires, 20);
        Instant otherUntil = renewedAt.plus(Duration.ofDays(365));
        advance(givenUploaded(expires), renewedAt)
                .andThenAPublished(renewed(OTHER_CREDENTIAL, otherUntil))
                .whenTimeAdvancesTo(daysBefore(expires, 14))
                .expectDispatchedCommands(warning(14, expires));
    }
}
