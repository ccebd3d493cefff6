package org.mdmenroll.command.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.UserPasswordSet;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Enrollment sessions of the device-facing endpoints: a random bearer token handed out once at
 * login, stored only as its SHA-256 hash, short-lived and bound to one tenant and user.
 */
@Component
@ProcessingGroup("enrollment-sessions")
public class EnrollmentSessions {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public EnrollmentSessions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A session of the user, as the device-facing endpoints see it. */
    public record Session(UserId userId, boolean mustSetPassword) {

        /** A user who logged in with a one-time PIN sets a password before enrolling a device (403). */
        public Session requirePasswordSet() {
            if (mustSetPassword) {
                throw new Refusal(Refusal.Kind.FORBIDDEN, "password-required",
                        "Set a password (POST /go/password) before enrolling a device.");
            }
            return this;
        }
    }

    public String newToken() {
        byte[] token = new byte[32];
        random.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The live session behind an {@code Authorization: Bearer} header for this tenant, or 401. The
     * request then acts as the session's user (the audit trail's actor).
     */
    public Session authenticate(TenantId tenantId, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalidSession();
        }
        Session session = jdbc.sql("""
                        select user_id, must_set_password from enrollment_session
                        where token_hash = ? and tenant_id = ? and expires_at > ?""")
                .params(hash(authorization.substring(7).strip()), tenantId.value(), Timestamp.from(clock.instant()))
                .query((rs, row) -> new Session(new UserId(rs.getObject("user_id", UUID.class)),
                        rs.getBoolean("must_set_password")))
                .optional()
                .orElseThrow(EnrollmentSessions::invalidSession);
        RequestActor.actingAs(ActorType.USER, session.userId().toString());
        return session;
    }

    private static Refusal invalidSession() {
        return Refusal.unauthorized("invalid-session", "An enrollment session token from /go/login is required.");
    }

    @EventHandler
    void on(EnrollmentSessionStarted event) {
        jdbc.sql("""
                        insert into enrollment_session (token_hash, tenant_id, user_id, expires_at, must_set_password)
                        values (?, ?, ?, ?, ?)""")
                .params(event.sessionTokenHash(), event.tenantId().value(), event.userId().value(),
                        Timestamp.from(event.expiresAt()), event.mustSetPassword())
                .update();
    }

    @EventHandler
    void on(UserPasswordSet event) {
        jdbc.sql("update enrollment_session set must_set_password = false where user_id = ?")
                .param(event.userId().value()).update();
    }
}
