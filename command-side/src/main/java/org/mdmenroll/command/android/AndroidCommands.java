package org.mdmenroll.command.android;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.support.crypto.Redacted;

import java.time.Duration;

/** What can be asked of an Android enrollment token. The token itself arrives hashed and sealed. */
public final class AndroidCommands {

    private AndroidCommands() {
    }

    /** Answered with the token's expiry ({@link java.time.Instant}). {@code userId} may be null. */
    public record CreateEnrollmentToken(@TargetAggregateIdentifier EnrollmentTokenId enrollmentTokenId,
                                        TenantId tenantId, UserId userId, boolean oneTime, Duration validFor,
                                        String tokenHash, String sealedToken) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /**
     * An agent presents the token. {@code sessionUserId} is the user who logged in on the device, if
     * anyone did; a token made for a user enrolls for that user. Answered with a {@link Redemption}.
     */
    public record RedeemEnrollmentToken(@TargetAggregateIdentifier EnrollmentTokenId enrollmentTokenId,
                                        TenantId tenantId, UserId sessionUserId) {
    }

    /** Answered with whether the token was still unrevoked. */
    public record RevokeEnrollmentToken(@TargetAggregateIdentifier EnrollmentTokenId enrollmentTokenId,
                                        TenantId tenantId) {
    }

    /** A redemption that was decided and recorded: the user to enroll for, or why the token was refused. */
    public record Redemption(UserId userId, EnrollmentTokenRefusal refusal) {

        public boolean accepted() {
            return refusal == null;
        }
    }
}
