package org.mdmenroll.command.android;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.android.AndroidCommands.CreateEnrollmentToken;
import org.mdmenroll.command.android.AndroidCommands.RedeemEnrollmentToken;
import org.mdmenroll.command.android.AndroidCommands.Redemption;
import org.mdmenroll.command.android.AndroidCommands.RevokeEnrollmentToken;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.EnrollmentTokenCreated;
import org.mdmenroll.events.android.EnrollmentTokenRedeemed;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.events.android.EnrollmentTokenRefused;
import org.mdmenroll.events.android.EnrollmentTokenRevoked;
import org.mdmenroll.support.problem.Refusal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An Android enrollment token, the one an admin puts into a provisioning QR code: one-time or
 * multi-use until it expires or is revoked. Only its hash and its sealed form are known. A device
 * presenting it when it is expired, used up or revoked is refused, and that is recorded: it is the
 * trace of a QR code that went round. A token made for a user enrolls for that user; one made for
 * nobody needs the person at the device to log in first.
 */
@Aggregate
public class EnrollmentToken {

    static final Duration MIN_VALIDITY = Duration.ofMinutes(1);
    static final Duration MAX_VALIDITY = Duration.ofDays(90);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    @AggregateIdentifier
    private EnrollmentTokenId enrollmentTokenId;
    private TenantId tenantId;
    private UserId userId;
    private boolean oneTime;
    private Instant expiresAt;
    private int redemptions;
    private boolean revoked;

    protected EnrollmentToken() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Instant handle(CreateEnrollmentToken command, Clock clock) {
        if (tenantId != null) {
            throw Refusal.conflict("enrollment-token-exists", "This enrollment token already exists.");
        }
        Duration validFor = command.validFor();
        if (validFor == null || validFor.compareTo(MIN_VALIDITY) < 0 || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw Refusal.invalid("invalid-validity",
                    "validFor must be between " + MIN_VALIDITY + " and " + MAX_VALIDITY + ".");
        }
        if (command.tokenHash() == null || !SHA256_HEX.matcher(command.tokenHash()).matches()
                || command.sealedToken() == null) {
            throw new IllegalArgumentException("An enrollment token arrives as its SHA-256 hex and sealed");
        }
        apply(new EnrollmentTokenCreated(command.enrollmentTokenId(), command.tenantId(), command.userId(),
                command.tokenHash(), command.sealedToken(), command.oneTime(), clock.instant().plus(validFor)));
        return expiresAt;
    }

    /**
     * Refusals are recorded and answered, not thrown, so the record is kept. A usable token without
     * a user needs a logged-in user; that refusal changes nothing and is thrown.
     */
    @CommandHandler
    public Redemption handle(RedeemEnrollmentToken command, Clock clock) {
        requireTenant(command.tenantId());
        EnrollmentTokenRefusal refusal = revoked ? EnrollmentTokenRefusal.REVOKED
                : oneTime && redemptions > 0 ? EnrollmentTokenRefusal.ALREADY_USED
                : !clock.instant().isBefore(expiresAt) ? EnrollmentTokenRefusal.EXPIRED
                : null;
        if (refusal != null) {
            apply(new EnrollmentTokenRefused(enrollmentTokenId, tenantId, refusal));
            return new Redemption(null, refusal);
        }
        UserId enrolling = userId != null ? userId : command.sessionUserId();
        if (enrolling == null) {
            throw Refusal.unauthorized("login-required", "This enrollment token is not for a particular user: "
                    + "log in on the device (POST /t/{tenant}/go/login) and send the session as Bearer token.");
        }
        apply(new EnrollmentTokenRedeemed(enrollmentTokenId, tenantId, enrolling, redemptions + 1));
        return new Redemption(enrolling, null);
    }

    /** Revoking a revoked token changes nothing (answered false). */
    @CommandHandler
    public boolean handle(RevokeEnrollmentToken command) {
        requireTenant(command.tenantId());
        if (revoked) {
            return false;
        }
        apply(new EnrollmentTokenRevoked(enrollmentTokenId, tenantId));
        return true;
    }

    /** Another tenant's tokens do not exist for the caller. */
    private void requireTenant(TenantId requester) {
        if (!tenantId.equals(requester)) {
            throw Refusal.notFound("unknown-enrollment-token", "No such enrollment token.");
        }
    }

    @EventSourcingHandler
    void on(EnrollmentTokenCreated event) {
        enrollmentTokenId = event.enrollmentTokenId();
        tenantId = event.tenantId();
        userId = event.userId();
        oneTime = event.oneTime();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(EnrollmentTokenRedeemed event) {
        redemptions = event.redemptions();
    }

    @EventSourcingHandler
    void on(EnrollmentTokenRevoked event) {
        revoked = true;
    }
}
