package org.mdmenroll.command.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.support.crypto.Redacted;

import java.time.Duration;
import java.time.Instant;

/**
 * What can be asked of a user. Passwords to store arrive hashed; a PIN or password to check
 * arrives in clear and lives only as long as the command.
 */
public final class UserCommands {

    private UserCommands() {
    }

    public record CreateLocalUser(@TargetAggregateIdentifier UserId userId, TenantId tenantId, String email,
                                  String displayName, String passwordHash) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record ImportLdapUser(@TargetAggregateIdentifier UserId userId, TenantId tenantId,
                                 String distinguishedName, String email, String displayName) {
    }

    /** Answered with whether anything changed. */
    public record UpdateLdapUser(@TargetAggregateIdentifier UserId userId, String distinguishedName, String email,
                                 String displayName) {
    }

    /** Answered with the {@link Invitation}; {@code enrollmentUrl} is the tenant's current one. */
    public record InviteUser(@TargetAggregateIdentifier UserId userId, InvitationId invitationId,
                             String enrollmentUrl, PinPolicy pinPolicy, Duration invitationValidity) {
    }

    /** Answered with the {@link IssuedPin}. */
    public record IssueEnrollmentPin(@TargetAggregateIdentifier UserId userId, PinPolicy pinPolicy) {
    }

    /** Answered with a {@link PinLogin}; the session token is already hashed. */
    public record LogInWithPin(@TargetAggregateIdentifier UserId userId, String pin, String sessionTokenHash,
                               Instant sessionExpiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record LogInWithPassword(@TargetAggregateIdentifier UserId userId, String password,
                                    String sessionTokenHash, Instant sessionExpiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** The portal shows the user a QR code with a one-time login for the enrollment app; it arrives hashed. */
    public record IssueQrLogin(@TargetAggregateIdentifier UserId userId, String tokenHash, Instant expiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** The enrollment app scanned the portal's QR code; answered with whether a password must be set first. */
    public record LogInWithQrCode(@TargetAggregateIdentifier UserId userId, String tokenHash, String sessionTokenHash,
                                  Instant sessionExpiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record SetPassword(@TargetAggregateIdentifier UserId userId, String passwordHash) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /**
     * {@code tenantHostDomain} is the domain every Managed Apple ID of the tenant must have; {@code mode}
     * is the user's own account-driven enrollment (null: the tenant's).
     */
    public record AllowAccountDrivenEnrollment(@TargetAggregateIdentifier UserId userId, String managedAppleId,
                                               String tenantHostDomain, AccountDrivenEnrollmentMode mode) {
    }

    public record RevokeAccountDrivenEnrollment(@TargetAggregateIdentifier UserId userId) {
    }

    /** The tenant's PIN rules at the moment a PIN is issued. */
    public record PinPolicy(boolean required, int length, Duration validFor, int maxAttempts) {
        public static PinPolicy of(EnrollmentSettings settings) {
            return new PinPolicy(settings.requirePin(), settings.pinLength(), settings.pinTtl(),
                    settings.maxPinAttempts());
        }
    }

    /** An invitation as sent; {@code pin} is shown once and null when none was included. */
    public record Invitation(InvitationId invitationId, String enrollmentUrl, Instant expiresAt, String pin,
                             Instant pinExpiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record IssuedPin(String pin, Instant expiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** A PIN login that was decided and recorded: accepted, or a wrong PIN counted towards lock-out. */
    public record PinLogin(boolean accepted, boolean mustSetPassword, int attemptsLeft) {
    }
}
