package org.mdmenroll.command.user;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.UserCommands.LogInWithPassword;
import org.mdmenroll.command.user.UserCommands.IssueQrLogin;
import org.mdmenroll.command.user.UserCommands.LogInWithPin;
import org.mdmenroll.command.user.UserCommands.LogInWithQrCode;
import org.mdmenroll.command.user.UserCommands.PinLogin;
import org.mdmenroll.events.UserId;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A user logs in on a device with email and password or one-time PIN: the enrollment app, the
 * portal and the account-driven sign-in page all go through here. A wrong PIN counts towards the
 * lock-out; success starts a short-lived session whose token is handed out once. A user logged in
 * to the portal can also show a QR code that logs the enrollment app in once, shortly.
 */
@Component
public class DeviceLogins {

    private final CommandGateway commands;
    private final UserDirectory users;
    private final EnrollmentSessions sessions;
    private final QrLogins qrLogins;
    private final Clock clock;
    private final Duration sessionTtl;
    private final Duration qrLoginTtl;

    public DeviceLogins(CommandGateway commands, UserDirectory users, EnrollmentSessions sessions, QrLogins qrLogins,
            Clock clock, @Value("${mdm.enrollment.session-ttl}") Duration sessionTtl,
            @Value("${mdm.enrollment.qr-login-ttl}") Duration qrLoginTtl) {
        this.commands = commands;
        this.users = users;
        this.sessions = sessions;
        this.qrLogins = qrLogins;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.qrLoginTtl = qrLoginTtl;
    }

    /** A QR login to show once: its token goes into the QR code only. */
    public record QrLogin(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "QrLogin[expiresAt=" + expiresAt + "]";
        }
    }

    /** A new QR login for the portal's user; it replaces the one shown before. */
    public QrLogin issueQrLogin(UserId userId) {
        String token = sessions.newToken();
        Instant expiresAt = clock.instant().plus(qrLoginTtl);
        commands.sendAndWait(new IssueQrLogin(userId, EnrollmentSessions.hash(token), expiresAt));
        return new QrLogin(token, expiresAt);
    }

    /** The enrollment app logs in with the token of the portal's QR code. */
    public Login logInWithQrCode(TenantEntry tenant, String qrToken) {
        String tokenHash = EnrollmentSessions.hash(qrToken.strip());
        UserId userId = qrLogins.requireUser(tenant.tenantId(), tokenHash);
        RequestActor.actingAs(ActorType.USER, userId.toString());
        String token = sessions.newToken();
        Instant expiresAt = clock.instant().plus(sessionTtl);
        boolean mustSetPassword = commands.sendAndWait(
                new LogInWithQrCode(userId, tokenHash, EnrollmentSessions.hash(token), expiresAt));
        return new Login(userId, token, mustSetPassword, expiresAt);
    }

    /** A started session: the token (never stored in clear) and whether a password must be set first. */
    public record Login(UserId userId, String sessionToken, boolean mustSetPassword, Instant expiresAt) {
        @Override
        public String toString() {
            return "Login[userId=" + userId + ", mustSetPassword=" + mustSetPassword + "]";
        }
    }

    public Login logIn(TenantEntry tenant, String email, String password, String pin) {
        boolean withPin = pin != null && !pin.isBlank();
        boolean withPassword = password != null && !password.isBlank();
        if (withPin == withPassword) {
            throw Refusal.invalid("invalid-request", "Give either a password or a PIN.");
        }
        UserId userId = users.findByEmail(tenant.tenantId(), email).orElseThrow(User::invalidCredentials);
        RequestActor.actingAs(ActorType.USER, userId.toString());
        String token = sessions.newToken();
        Instant expiresAt = clock.instant().plus(sessionTtl);
        if (withPassword) {
            commands.sendAndWait(new LogInWithPassword(userId, password, EnrollmentSessions.hash(token), expiresAt));
            return new Login(userId, token, false, expiresAt);
        }
        PinLogin login = commands.sendAndWait(new LogInWithPin(userId, pin, EnrollmentSessions.hash(token), expiresAt));
        if (!login.accepted()) {
            Refusal wrongPin = User.invalidCredentials();
            throw login.attemptsLeft() > 0
                    ? new Refusal(wrongPin.kind(), wrongPin.type(), wrongPin.getMessage(),
                            Map.of("attemptsLeft", login.attemptsLeft()))
                    : User.pinLockedOut();
        }
        return new Login(userId, token, login.mustSetPassword(), expiresAt);
    }
}
