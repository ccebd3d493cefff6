package org.mdmenroll.command.user;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.user.UserCommands.IssueQrLogin;
import org.mdmenroll.command.user.UserCommands.LogInWithQrCode;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.QrLoginAccepted;
import org.mdmenroll.events.user.QrLoginIssued;
import org.mdmenroll.events.user.UserPasswordSet;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;

import static org.mdmenroll.command.RefusalMatcher.refusal;

/** The portal's QR code that logs the enrollment app in: once, shortly, and only the newest one. */
class UserQrLoginTest {

    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant QR_EXPIRES = NOW.plus(Duration.ofMinutes(5));
    private static final Instant SESSION_EXPIRES = NOW.plus(Duration.ofMinutes(30));
    private static final String QR_HASH = "ab".repeat(32);
    private static final String NEWER_QR_HASH = "cd".repeat(32);
    private static final String SESSION_HASH = "ef".repeat(32);

    private final MutableClock clock = new MutableClock(NOW);
    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(clock);
    }

    private static LocalUserCreated created() {
        return new LocalUserCreated(USER, TENANT, "joe@acme.example", "Joe");
    }

    private static UserPasswordSet passwordSet() {
        return new UserPasswordSet(USER, TENANT, "{bcrypt}$2a$04$x");
    }

    private static QrLoginIssued issued(String hash) {
        return new QrLoginIssued(USER, TENANT, hash, QR_EXPIRES);
    }

    private static LogInWithQrCode logIn(String hash) {
        return new LogInWithQrCode(USER, hash, SESSION_HASH, SESSION_EXPIRES);
    }

    @Test
    void aQrLoginIsIssuedHashed() {
        fixture.given(created(), passwordSet())
                .when(new IssueQrLogin(USER, QR_HASH, QR_EXPIRES))
                .expectEvents(issued(QR_HASH));
    }

    @Test
    void theAppLogsInOnceWithTheQrCode() {
        fixture.given(created(), passwordSet(), issued(QR_HASH))
                .when(logIn(QR_HASH))
                .expectEvents(new QrLoginAccepted(USER, TENANT),
                        new EnrollmentSessionStarted(USER, TENANT, SESSION_HASH, SESSION_EXPIRES, false))
                .expectResultMessagePayload(false);
    }

    @Test
    void aUserWithoutAPasswordMustSetOneAfterTheQrLogin() {
        fixture.given(created(), issued(QR_HASH))
                .when(logIn(QR_HASH))
                .expectEvents(new QrLoginAccepted(USER, TENANT),
                        new EnrollmentSessionStarted(USER, TENANT, SESSION_HASH, SESSION_EXPIRES, true))
                .expectResultMessagePayload(true);
    }

    @Test
    void aUsedQrCodeIsRefused() {
        fixture.given(created(), passwordSet(), issued(QR_HASH), new QrLoginAccepted(USER, TENANT))
                .when(logIn(QR_HASH))
                .expectException(refusal(Kind.UNAUTHORIZED, "qr-login-already-used"))
                .expectNoEvents();
    }

    @Test
    void anExpiredQrCodeIsRefused() {
        clock.setInstant(QR_EXPIRES);
        fixture.given(created(), passwordSet(), issued(QR_HASH))
                .when(logIn(QR_HASH))
                .expectException(refusal(Kind.UNAUTHORIZED, "qr-login-expired"))
                .expectNoEvents();
    }

    @Test
    void aNewerQrCodeReplacesTheOlderOne() {
        fixture.given(created(), passwordSet(), issued(QR_HASH), issued(NEWER_QR_HASH))
                .when(logIn(QR_HASH))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-qr-login"))
                .expectNoEvents();
    }

    @Test
    void aUserWithoutAQrLoginIsNotLoggedInByOne() {
        fixture.given(created(), passwordSet())
                .when(logIn(QR_HASH))
                .expectException(refusal(Kind.UNAUTHORIZED, "invalid-qr-login"))
                .expectNoEvents();
    }

    @Test
    void aNewQrCodeWorksAgainAfterTheOldOneWasUsed() {
        fixture.given(created(), passwordSet(), issued(QR_HASH), new QrLoginAccepted(USER, TENANT),
                        issued(NEWER_QR_HASH))
                .when(logIn(NEWER_QR_HASH))
                .expectEvents(new QrLoginAccepted(USER, TENANT),
                        new EnrollmentSessionStarted(USER, TENANT, SESSION_HASH, SESSION_EXPIRES, false));
    }
}
