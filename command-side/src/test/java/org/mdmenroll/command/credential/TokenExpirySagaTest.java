package org.mdmenroll.command.credential;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.credential.CredentialCommands.ExpireAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.ExpireCredential;
import org.mdmenroll.command.credential.CredentialCommands.ExpireVppToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordAdeTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RecordCredentialExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RecordVppTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialExpirySaga.ExpiryDue;
import org.mdmenroll.command.credential.CredentialExpirySaga.ExpiryWarning;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.VppTokenUploaded;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The expiry saga sends each kind of credential its own aggregate's commands. */
class TokenExpirySagaTest {

    private static final CredentialId TOKEN = CredentialId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private Instant start;
    private Instant EXPIRY; // sixty days after the fixture's start

    private SagaTestFixture<CredentialExpirySaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(CredentialExpirySaga.class);
        fixture.registerResource(new Clock() {
            @Override
            public Instant instant() {
                return fixture.currentTime();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
        start = fixture.currentTime();
        EXPIRY = start.plus(Duration.ofDays(60));
    }

    @Test
    void anAdeTokenUploadSchedulesItsWarningsAndExpiry() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(new AdeTokenUploaded(TOKEN, TENANT, "a@b.c", "Main", EXPIRY, "v1.sealed"))
                .expectActiveSagas(1)
                .expectScheduledDeadline(Duration.ofDays(30), new ExpiryWarning(30, EXPIRY))
                .expectScheduledDeadline(Duration.ofDays(60), new ExpiryDue(EXPIRY))
                .expectNoDispatchedCommands();
    }

    @Test
    void anAdeTokenRunsOutThroughItsOwnCommands() {
        fixture.givenAPublished(new AdeTokenUploaded(TOKEN, TENANT, "a@b.c", "Main", EXPIRY, "v1.sealed"))
                .whenTimeElapses(Duration.ofDays(60).plusMinutes(1))
                .expectDispatchedCommands(new RecordAdeTokenExpiryWarning(TOKEN, 30, EXPIRY),
                        new RecordAdeTokenExpiryWarning(TOKEN, 14, EXPIRY),
                        new RecordAdeTokenExpiryWarning(TOKEN, 7, EXPIRY),
                        new RecordAdeTokenExpiryWarning(TOKEN, 1, EXPIRY),
                        new ExpireAdeToken(TOKEN, EXPIRY));
    }

    @Test
    void anAdeRenewalCancelsThePendingDatesAndSchedulesTheNewOnes() {
        Instant renewed = start.plus(Duration.ofDays(400));
        fixture.givenAPublished(new AdeTokenUploaded(TOKEN, TENANT, "a@b.c", "Main", EXPIRY, "v1.sealed"))
                .andThenAPublished(new AdeTokenRenewed(TOKEN, TENANT, "Main", renewed, "v1.sealed"))
                .whenTimeElapses(Duration.ofDays(61))
                .expectNoDispatchedCommands()
                .expectScheduledDeadline(Duration.ofDays(400 - 61), new ExpiryDue(renewed))
                .expectNoScheduledDeadlineMatching(org.axonframework.test.matchers.Matchers.matches(
                        (Object payload) -> payload instanceof ExpiryDue due && due.expiresAt().equals(EXPIRY)));
    }

    @Test
    void aVppTokenExpiresThroughItsOwnCommands() {
        fixture.givenAPublished(new VppTokenUploaded(TOKEN, TENANT, "Sales", "Acme", EXPIRY, "v1.sealed"))
                .whenTimeElapses(Duration.ofDays(60).plusMinutes(1))
                .expectDispatchedCommands(new RecordVppTokenExpiryWarning(TOKEN, 30, EXPIRY),
                        new RecordVppTokenExpiryWarning(TOKEN, 14, EXPIRY),
                        new RecordVppTokenExpiryWarning(TOKEN, 7, EXPIRY),
                        new RecordVppTokenExpiryWarning(TOKEN, 1, EXPIRY),
                        new ExpireVppToken(TOKEN, EXPIRY));
    }

    @Test
    void thePushCertificateKeepsItsCommands() {
        Instant soon = start.plus(Duration.ofDays(10));
        fixture.givenAPublished(new MdmPushCertificateUploaded(TOKEN, TENANT, "com.apple.mgmt.External.x", "1a", soon,
                        "pem", soon))
                .whenTimeElapses(Duration.ofDays(10).plusMinutes(1))
                .expectDispatchedCommands(new RecordCredentialExpiryWarning(TOKEN, 7, soon),
                        new RecordCredentialExpiryWarning(TOKEN, 1, soon), new ExpireCredential(TOKEN, soon));
    }
}
