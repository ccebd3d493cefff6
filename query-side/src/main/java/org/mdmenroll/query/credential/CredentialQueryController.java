package org.mdmenroll.query.credential;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;

/** The tenant's Apple credentials with expiry, days left and status, so none expires unnoticed. */
@RestController
@Tag(name = "Apple credentials", description = "Push certificate, ADE and VPP tokens with expiry and status.")
public class CredentialQueryController {

    /** Within this many days of expiry a credential is EXPIRING. */
    static final int EXPIRING_DAYS = 30;

    private final JdbcClient jdbc;
    private final Clock clock;

    public CredentialQueryController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One credential. {@code status}: PENDING (CSR made, nothing uploaded), VALID, EXPIRING (30 days
     * or less left), EXPIRED. ADE tokens: {@code lastSyncResult} and {@code lastSyncAt} of the last
     * device sync, refused ones included.
     */
    public record CredentialView(UUID credentialId, String kind, String topic, String previousTopic, String appleId,
                                 String serverName, String location, String orgName, Instant expiresAt, Long daysLeft, String status,
                                 Instant uploadedAt, Instant lastRenewedAt, Instant topicChangedAt,
                                 Integer lastWarningDaysLeft, Instant expiredAt, String lastSyncResult,
                                 Instant lastSyncAt, Instant importedAt) {
    }

    public record CredentialList(List<CredentialView> items) {
    }

    @GetMapping("/api/credentials")
    @Operation(summary = "The tenant's Apple credentials with expiry, days left and status")
    public CredentialList credentials(@AuthenticationPrincipal AccountPrincipal account) {
        Instant now = clock.instant();
        return new CredentialList(jdbc.sql("select * from credential where tenant_id = ? order by kind, credential_id")
                .param(account.tenantId().value())
                .query((rs, row) -> {
                    Instant expiresAt = instant(rs, "expires_at");
                    Instant expiredAt = instant(rs, "expired_at");
                    Long daysLeft = expiresAt == null ? null : Math.max(0, Duration.between(now, expiresAt).toDays());
                    String status = expiresAt == null ? "PENDING"
                            : expiredAt != null || !now.isBefore(expiresAt) ? "EXPIRED"
                            : daysLeft <= EXPIRING_DAYS ? "EXPIRING" : "VALID";
                    Integer warning = rs.getObject("last_warning_days", Integer.class);
                    return new CredentialView(rs.getObject("credential_id", UUID.class), rs.getString("kind"),
                            rs.getString("topic"), rs.getString("previous_topic"), rs.getString("apple_id"),
                            rs.getString("server_name"), rs.getString("location"), rs.getString("org_name"), expiresAt, daysLeft, status, instant(rs, "uploaded_at"),
                            instant(rs, "last_renewed_at"), instant(rs, "topic_changed_at"),
                            warning, expiredAt, rs.getString("last_sync_result"), instant(rs, "last_sync_at"),
                            instant(rs, "imported_at"));
                }).list());
    }
}
