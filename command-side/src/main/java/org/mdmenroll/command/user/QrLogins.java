package org.mdmenroll.command.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.user.QrLoginIssued;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.UUID;

/**
 * Whose portal QR login a scanned token is: each user's newest one, by the SHA-256 of its token.
 * Updated in the transaction that stores the user's events; the User decides whether it still works.
 */
@Component
@ProcessingGroup("qr-logins")
public class QrLogins {

    private final JdbcClient jdbc;

    public QrLogins(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user whose QR login this is, or 401. */
    public UserId requireUser(TenantId tenantId, String tokenHash) {
        return jdbc.sql("select user_id from qr_login where token_hash = ? and tenant_id = ?")
                .params(tokenHash, tenantId.value())
                .query((rs, row) -> new UserId(rs.getObject("user_id", UUID.class))).optional()
                .orElseThrow(User::invalidQrLogin);
    }

    @EventHandler
    void on(QrLoginIssued event) {
        jdbc.sql("""
                        insert into qr_login (token_hash, tenant_id, user_id, expires_at) values (?, ?, ?, ?)
                        on conflict (user_id) do update
                        set token_hash = excluded.token_hash, expires_at = excluded.expires_at""")
                .params(event.tokenHash(), event.tenantId().value(), event.userId().value(),
                        Timestamp.from(event.expiresAt()))
                .update();
    }
}
