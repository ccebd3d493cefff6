package org.mdmenroll.query.android;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;

/** The tenant's Android enrollment tokens, newest first, with where each stands. */
@RestController
@Tag(name = "Android enrollment tokens", description = "Enrollment tokens with status, use and refusals.")
public class EnrollmentTokenQueryController {

    /** REVOKED, then USED (a one-time token redeemed), then EXPIRED, else ACTIVE. */
    public enum Status { ACTIVE, EXPIRED, USED, REVOKED }

    private static final String STATUS = """
            case when revoked_at is not null then 'REVOKED'
                 when one_time and redemptions > 0 then 'USED'
                 when expires_at <= ? then 'EXPIRED'
                 else 'ACTIVE' end""";

    private final JdbcClient jdbc;
    private final Clock clock;

    public EnrollmentTokenQueryController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** {@code lastRefusal}: why the token was last refused (EXPIRED, ALREADY_USED, REVOKED). */
    public record TokenView(UUID tokenId, UUID userId, boolean oneTime, Status status, Instant createdAt,
                            Instant expiresAt, int redemptions, Instant lastRedeemedAt, int refusals,
                            String lastRefusal, Instant lastRefusedAt, Instant revokedAt) {
    }

    public record TokenPage(List<TokenView> items, String nextCursor) {
    }

    @GetMapping("/api/android/enrollment-tokens")
    @Operation(summary = "The tenant's Android enrollment tokens, newest first; status=ACTIVE|EXPIRED|USED|REVOKED "
            + "(comma-separated) filters")
    public TokenPage tokens(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Cursor.limit(limit);
        Timestamp now = Timestamp.from(clock.instant());
        StringBuilder sql = new StringBuilder("select *, ").append(STATUS)
                .append(" as status from enrollment_token where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(now, account.tenantId().value()));
        List<Status> statuses = statuses(status);
        if (!statuses.isEmpty()) {
            sql.append(" and (").append(STATUS).append(") in (")
                    .append(String.join(", ", statuses.stream().map(s -> "?").toList())).append(')');
            params.add(now);
            statuses.forEach(s -> params.add(s.name()));
        }
        if (cursor != null) {
            List<String> after = Cursor.decode(cursor, 2);
            sql.append(" and (created_at, token_id) < (?, ?)");
            params.add(timestampKey(after.get(0)));
            params.add(Cursor.uuidKey(after.get(1)));
        }
        sql.append(" order by created_at desc, token_id desc limit ?");
        params.add(pageSize + 1);
        List<TokenView> rows = jdbc.sql(sql.toString()).params(params).query((rs, row) -> new TokenView(
                rs.getObject("token_id", UUID.class), rs.getObject("user_id", UUID.class), rs.getBoolean("one_time"),
                Status.valueOf(rs.getString("status")), instant(rs, "created_at"), instant(rs, "expires_at"),
                rs.getInt("redemptions"), instant(rs, "last_redeemed_at"), rs.getInt("refusals"),
                rs.getString("last_refusal"), instant(rs, "last_refused_at"), instant(rs, "revoked_at"))).list();
        if (rows.size() <= pageSize) {
            return new TokenPage(rows, null);
        }
        List<TokenView> items = List.copyOf(rows.subList(0, pageSize));
        TokenView last = items.get(items.size() - 1);
        return new TokenPage(items, Cursor.encode(last.createdAt().toString(), last.tokenId().toString()));
    }

    private static List<Status> statuses(String given) {
        List<Status> statuses = new ArrayList<>();
        if (given == null || given.isBlank()) {
            return statuses;
        }
        for (String part : given.split(",")) {
            try {
                statuses.add(Status.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("invalid-status", "status is one or more of ACTIVE, EXPIRED, USED, REVOKED.");
            }
        }
        return statuses;
    }

    private static Timestamp timestampKey(String key) {
        try {
            return Timestamp.from(Instant.parse(key));
        } catch (DateTimeParseException e) {
            throw Cursor.invalid();
        }
    }
}
