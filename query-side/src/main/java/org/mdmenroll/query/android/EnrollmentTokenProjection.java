package org.mdmenroll.query.android;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.mdmenroll.support.database.SqlTimes.utc;

/** The tenant's Android enrollment tokens and how they were used; an event delivered again changes nothing. */
@Component
@ProcessingGroup(EnrollmentTokenProjection.PROCESSING_GROUP)
public class EnrollmentTokenProjection {

    public static final String PROCESSING_GROUP = "enrollment-tokens";

    private final JdbcClient jdbc;

    public EnrollmentTokenProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EnrollmentTokenCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.sql("""
                        insert into enrollment_token (token_id, tenant_id, user_id, one_time, created_at, expires_at,
                                                      last_sequence)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict (token_id) do nothing""")
                .params(event.enrollmentTokenId().value(), event.tenantId().value(),
                        event.userId() == null ? null : event.userId().value(), event.oneTime(), utc(at),
                        utc(event.expiresAt()), sequence)
                .update();
    }

    @EventHandler
    void on(EnrollmentTokenRedeemed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.enrollmentTokenId(), sequence, "redemptions = ?, last_redeemed_at = ?", event.redemptions(),
                utc(at));
    }

    @EventHandler
    void on(EnrollmentTokenRefused event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.enrollmentTokenId(), sequence, "refusals = refusals + 1, last_refusal = ?, last_refused_at = ?",
                event.reason().name(), utc(at));
    }

    @EventHandler
    void on(EnrollmentTokenRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.enrollmentTokenId(), sequence, "revoked_at = ?", utc(at));
    }

    private void update(EnrollmentTokenId tokenId, long sequence, String assignments, Object... values) {
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(sequence);
        params.add(tokenId.value());
        params.add(sequence);
        jdbc.sql("update enrollment_token set " + assignments + ", last_sequence = ?"
                + " where token_id = ? and last_sequence < ?").params(params).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from enrollment_token").update();
    }
}
