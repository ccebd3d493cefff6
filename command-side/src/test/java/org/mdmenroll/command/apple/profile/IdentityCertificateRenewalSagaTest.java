package org.mdmenroll.command.apple.profile;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.apple.profile.IdentityCertificateRenewalSaga.RenewalDue;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.IdentityCertificateIssued;

import java.time.Duration;
import java.time.Instant;

/** When a renewal is due: 30 days before each certificate expires, at once when that has passed; none after the entry left. */
class IdentityCertificateRenewalSagaTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final Instant NOW = Instant.parse("2026-03-03T09:00:00Z");

    private SagaTestFixture<IdentityCertificateRenewalSaga> fixture;
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(IdentityCertificateRenewalSaga.class);
        fixture.registerResource(new RenewalSchedule(Duration.ofDays(30)));
        fixture.registerResource(clock);
    }

    private static IdentityCertificateIssued issued(String fingerprint, Instant notAfter) {
        return new IdentityCertificateIssued(DEVICE, TENANT, "01", fingerprint, notAfter, false);
    }

    @Test
    void aNewCertificatesRenewalIsDueThirtyDaysBeforeItExpires() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(issued("f1", NOW.plus(Duration.ofDays(365))))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ofDays(335), IdentityCertificateRenewalSaga.RENEW);
    }

    @Test
    void aCertificateAlreadyInsideTheWindowIsRenewedAtOnce() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(issued("f1", NOW.plus(Duration.ofDays(29))))
                .expectScheduledDeadlineWithName(Duration.ZERO, IdentityCertificateRenewalSaga.RENEW);
    }

    @Test
    void aNewerCertificateMovesTheRenewalOn() {
        fixture.givenAPublished(issued("f1", NOW.plus(Duration.ofDays(365))))
                .whenPublishingA(issued("f2", NOW.plus(Duration.ofDays(730))))
                .expectScheduledDeadline(Duration.ofDays(700), new RenewalDue(DEVICE, "f2"));
    }

    @Test
    void theSagaEndsWhenTheEntryLeavesManagement() {
        fixture.givenAPublished(issued("f1", NOW.plus(Duration.ofDays(365))))
                .whenPublishingA(new DeviceRetired(DEVICE, TENANT))
                .expectActiveSagas(0);
        fixture.givenAPublished(issued("f1", NOW.plus(Duration.ofDays(365))))
                .whenPublishingA(new DeviceDeleted(DEVICE, TENANT))
                .expectActiveSagas(0);
    }
}
