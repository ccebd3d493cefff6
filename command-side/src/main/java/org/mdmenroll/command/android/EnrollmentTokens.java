package org.mdmenroll.command.android;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.user.EnrollmentSessions;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.mdmenroll.support.database.SqlTimes;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The command side's table of enrollment tokens: found by the SHA-256 of the token a device
 * presents, and by id for an admin's QR code. Updated in the transaction that stores the events.
 */
@Component
@ProcessingGroup("enrollment-tokens")
public class EnrollmentTokens {

    private final JdbcClient jdbc;

    public EnrollmentTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A token as the command side needs it. {@code sealedToken} is null once the token can no longer
     * be used (revoked, or a one-time token used).
     */
    public record Entry(EnrollmentTokenId enrollmentTokenId, TenantId tenantId, UserId userId, boolean oneTime,
                        Instant expiresAt, boolean used, boolean revoked, String sealedToken) {
        @Override
        public String toString() {
            return "EnrollmentTokens.Entry[" + enrollmentTokenId + "]";
        }
    }

    private static final RowMapper<Entry> ENTRY = (rs, row) -> new Entry(
            new EnrollmentTokenId(rs.getObject("token_id", UUID.class)),
            new TenantId(rs.getObject("tenant_id", UUID.class)),
            rs.getObject("user_id") == null ? null : new UserId(rs.getObject("user_id", UUID.class)),
            rs.getBoolean("one_time"), SqlTimes.instant(rs, "expires_at"), rs.getBoolean("used"),
            rs.getBoolean("revoked"), rs.getString("sealed_token"));

    /** The tenant's token a device presents, or 401: an unknown token is no credential at all. */
    public Entry requireByToken(TenantId tenantId, String token) {
        return jdbc.sql("select * from enrollment_token where token_hash = ? and tenant_id = ?")
                .params(EnrollmentSessions.hash(token.strip()), tenantId.value()).query(ENTRY).optional()
                .orElseThrow(() -> Refusal.unauthorized("invalid-enrollment-token",
                        "This enrollment token is not known; scan the QR code again or ask your administrator."));
    }

    /** A token of the tenant by id, or 404. */
    public Entry require(TenantId tenantId, EnrollmentTokenId tokenId) {
        return jdbc.sql("select * from enrollment_token where token_id = ? and tenant_id = ?")
                .params(tokenId.value(), tenantId.value()).query(ENTRY).optional()
                .orElseThrow(() -> Refusal.notFound("unknown-enrollment-token", "No such enrollment token."));
    }

    @EventHandler
    void on(EnrollmentTokenCreated event) {
        jdbc.sql("""
                        insert into enrollment_token (token_id, tenant_id, token_hash, sealed_token, user_id, one_time,
                                                      expires_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(event.enrollmentTokenId().value(), event.tenantId().value(), event.tokenHash(),
                        event.sealedToken(), event.userId() == null ? null : event.userId().value(), event.oneTime(),
                        Timestamp.from(event.expiresAt()))
                .update();
    }

    @EventHandler
    void on(EnrollmentTokenRedeemed event) {
        jdbc.sql("""
                        update enrollment_token set used = true,
                               sealed_token = case when one_time then null else sealed_token end
                        where token_id = ?""")
                .param(event.enrollmentTokenId().value()).update();
    }

    @EventHandler
    void on(EnrollmentTokenRevoked event) {
        jdbc.sql("update enrollment_token set revoked = true, sealed_token = null where token_id = ?")
                .param(event.enrollmentTokenId().value()).update();
    }
}
