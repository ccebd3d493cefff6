package org.mdmenroll.command.user;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.user.UserCommands.AllowAccountDrivenEnrollment;
import org.mdmenroll.command.user.UserCommands.CreateLocalUser;
import org.mdmenroll.command.user.UserCommands.ImportLdapUser;
import org.mdmenroll.command.user.UserCommands.Invitation;
import org.mdmenroll.command.user.UserCommands.InviteUser;
import org.mdmenroll.command.user.UserCommands.IssueEnrollmentPin;
import org.mdmenroll.command.user.UserCommands.IssueQrLogin;
import org.mdmenroll.command.user.UserCommands.IssuedPin;
import org.mdmenroll.command.user.UserCommands.LogInWithPassword;
import org.mdmenroll.command.user.UserCommands.LogInWithPin;
import org.mdmenroll.command.user.UserCommands.LogInWithQrCode;
import org.mdmenroll.command.user.UserCommands.PinLogin;
import org.mdmenroll.command.user.UserCommands.PinPolicy;
import org.mdmenroll.command.user.UserCommands.RevokeAccountDrivenEnrollment;
import org.mdmenroll.command.user.UserCommands.SetPassword;
import org.mdmenroll.command.user.UserCommands.UpdateLdapUser;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.AccountDrivenEnrollmentRevoked;
import org.mdmenroll.events.user.EnrollmentPinAccepted;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentPinLockedOut;
import org.mdmenroll.events.user.EnrollmentPinRejected;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.QrLoginAccepted;
import org.mdmenroll.events.user.QrLoginIssued;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.events.user.UserPasswordSet;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A user of a tenant who enrolls devices: how they log in on a device (password or one-time PIN),
 * their invitations, and whether they may use Apple account-driven enrollment.
 */
@Aggregate
public class User {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @AggregateIdentifier
    private UserId userId;
    private TenantId tenantId;
    private String email;
    private String displayName;
    private String passwordHash;
    private Pin pin;
    private String managedAppleId;
    private AccountDrivenEnrollmentMode accountDrivenMode;
    /** The portal's current QR login: only its hash is known; a newer one replaces it. */
    private String qrLoginHash;
    private Instant qrLoginExpiresAt;
    private boolean qrLoginUsed;

    /** The current one-time PIN: only its hash is known. */
    private static final class Pin {
        private final String hash;
        private final Instant expiresAt;
        private final int maxAttempts;
        private int failedAttempts;
        private boolean used;
        private boolean lockedOut;

        private Pin(String hash, Instant expiresAt, int maxAttempts) {
            this.hash = hash;
            this.expiresAt = expiresAt;
            this.maxAttempts = maxAttempts;
        }
    }

    protected User() {
        // for Axon
    }

    @CommandHandler
    public User(CreateLocalUser command) {
        String email = requireEmail(command.email());
        apply(new LocalUserCreated(command.userId(), command.tenantId(), email, requireName(command.displayName())));
        if (command.passwordHash() != null) {
            apply(new UserPasswordSet(command.userId(), command.tenantId(), command.passwordHash()));
        }
    }

    @CommandHandler
    public User(ImportLdapUser command) {
        apply(new LdapUserImported(command.userId(), command.tenantId(), requireDn(command.distinguishedName()),
                requireEmail(command.email()), requireName(command.displayName())));
    }

    /** Importing a known DN again updates it; nothing is recorded when nothing changed. */
    @CommandHandler
    public boolean handle(UpdateLdapUser command) {
        String dn = requireDn(command.distinguishedName());
        String newEmail = requireEmail(command.email());
        String newName = requireName(command.displayName());
        if (newEmail.equals(email) && newName.equals(displayName)) {
            return false;
        }
        apply(new LdapUserUpdated(userId, tenantId, dn, newEmail, newName));
        return true;
    }

    /** A PIN is included when the user has no password yet or the tenant requires one. */
    @CommandHandler
    public Invitation handle(InviteUser command, PinGenerator pins, PinHashes hashes, Clock clock) {
        Instant now = clock.instant();
        boolean withPin = passwordHash == null || command.pinPolicy().required();
        Instant expiresAt = now.plus(command.invitationValidity());
        apply(new UserInvited(userId, tenantId, command.invitationId(), command.enrollmentUrl(), withPin, expiresAt));
        if (!withPin) {
            return new Invitation(command.invitationId(), command.enrollmentUrl(), expiresAt, null, null);
        }
        IssuedPin issued = issuePin(command.pinPolicy(), pins, hashes, now);
        return new Invitation(command.invitationId(), command.enrollmentUrl(), expiresAt, issued.pin(),
                issued.expiresAt());
    }

    @CommandHandler
    public IssuedPin handle(IssueEnrollmentPin command, PinGenerator pins, PinHashes hashes, Clock clock) {
        return issuePin(command.pinPolicy(), pins, hashes, clock.instant());
    }

    private IssuedPin issuePin(PinPolicy policy, PinGenerator pins, PinHashes hashes, Instant now) {
        String clear = pins.digits(policy.length());
        Instant expiresAt = now.plus(policy.validFor());
        apply(new EnrollmentPinIssued(userId, tenantId, hashes.hash(userId, clear), expiresAt, policy.maxAttempts()));
        return new IssuedPin(clear, expiresAt);
    }

    /**
     * A wrong PIN is recorded (it counts towards the lock-out) and answered, not thrown, so the
     * record is kept. Refusals that change nothing are thrown.
     */
    @CommandHandler
    public PinLogin handle(LogInWithPin command, PinHashes hashes, Clock clock) {
        if (pin == null) {
            throw invalidCredentials();
        }
        if (pin.lockedOut) {
            throw pinLockedOut();
        }
        if (!clock.instant().isBefore(pin.expiresAt)) {
            throw Refusal.unauthorized("pin-expired", "This PIN has expired; ask your administrator for a new one.");
        }
        boolean matches = hashes.matches(userId, command.pin(), pin.hash);
        if (pin.used) {
            throw matches
                    ? Refusal.unauthorized("pin-already-used", "This PIN was already used; it works only once.")
                    : invalidCredentials();
        }
        if (!matches) {
            int attempt = pin.failedAttempts + 1;
            apply(new EnrollmentPinRejected(userId, tenantId, attempt));
            if (attempt >= pin.maxAttempts) {
                apply(new EnrollmentPinLockedOut(userId, tenantId, attempt));
            }
            return new PinLogin(false, false, pin.maxAttempts - attempt);
        }
        apply(new EnrollmentPinAccepted(userId, tenantId));
        boolean mustSetPassword = passwordHash == null;
        apply(new EnrollmentSessionStarted(userId, tenantId, command.sessionTokenHash(), command.sessionExpiresAt(),
                mustSetPassword));
        return new PinLogin(true, mustSetPassword, 0);
    }

    @CommandHandler
    public void handle(LogInWithPassword command, PasswordEncoder encoder) {
        if (passwordHash == null || !encoder.matches(command.password(), passwordHash)) {
            throw invalidCredentials();
        }
        apply(new EnrollmentSessionStarted(userId, tenantId, command.sessionTokenHash(), command.sessionExpiresAt(),
                false));
    }

    @CommandHandler
    public void handle(IssueQrLogin command) {
        apply(new QrLoginIssued(userId, tenantId, command.tokenHash(), command.expiresAt()));
    }

    /** The QR code works once, until it expires, and only the newest one shown. */
    @CommandHandler
    public boolean handle(LogInWithQrCode command, Clock clock) {
        if (qrLoginHash == null || !qrLoginHash.equals(command.tokenHash())) {
            throw invalidQrLogin();
        }
        if (qrLoginUsed) {
            throw Refusal.unauthorized("qr-login-already-used",
                    "This QR code was already used; show a new one in the portal.");
        }
        if (!clock.instant().isBefore(qrLoginExpiresAt)) {
            throw Refusal.unauthorized("qr-login-expired", "This QR code has expired; show a new one in the portal.");
        }
        boolean mustSetPassword = passwordHash == null;
        apply(new QrLoginAccepted(userId, tenantId));
        apply(new EnrollmentSessionStarted(userId, tenantId, command.sessionTokenHash(), command.sessionExpiresAt(),
                mustSetPassword));
        return mustSetPassword;
    }

    static Refusal invalidQrLogin() {
        return Refusal.unauthorized("invalid-qr-login", "This QR code is not a login of this tenant's portal.");
    }

    @CommandHandler
    public void handle(SetPassword command) {
        apply(new UserPasswordSet(userId, tenantId, command.passwordHash()));
    }

    @CommandHandler
    public void handle(AllowAccountDrivenEnrollment command) {
        String appleId = command.managedAppleId() == null ? "" : command.managedAppleId().strip().toLowerCase(Locale.ROOT);
        // Apple only federates Managed Apple IDs of a domain the organisation verified: the tenant's.
        String domain = appleId.substring(appleId.indexOf('@') + 1);
        if (!EMAIL.matcher(appleId).matches() || !domain.equalsIgnoreCase(command.tenantHostDomain())) {
            throw Refusal.invalid("managed-apple-id-domain",
                    "A Managed Apple ID must be an address of the tenant's domain " + command.tenantHostDomain() + ".");
        }
        if (!appleId.equals(managedAppleId) || command.mode() != accountDrivenMode) {
            apply(new AccountDrivenEnrollmentAllowed(userId, tenantId, appleId, command.mode()));
        }
    }

    @CommandHandler
    public void handle(RevokeAccountDrivenEnrollment command) {
        if (managedAppleId == null) {
            throw Refusal.conflict("account-driven-enrollment-not-allowed",
                    "This user has no account-driven enrollment role to revoke.");
        }
        apply(new AccountDrivenEnrollmentRevoked(userId, tenantId, managedAppleId));
    }

    /** One answer for unknown email, wrong password and wrong PIN, so none reveals which it was. */
    static Refusal invalidCredentials() {
        return Refusal.unauthorized("invalid-credentials", "The email, password or PIN is not correct.");
    }

    static Refusal pinLockedOut() {
        return new Refusal(Refusal.Kind.LOCKED, "pin-locked-out", "Too many wrong PINs; ask your administrator for a new one.");
    }

    static String requireEmail(String email) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > 320 || !EMAIL.matcher(normalised).matches()) {
            throw Refusal.invalid("invalid-email", "'" + email + "' is not an email address.");
        }
        return normalised;
    }

    private static String requireName(String displayName) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw Refusal.invalid("invalid-display-name", "A display name is 1 to 200 characters.");
        }
        return displayName.strip();
    }

    private static String requireDn(String dn) {
        if (dn == null || dn.isBlank() || !dn.contains("=") || dn.length() > 1000) {
            throw Refusal.invalid("invalid-distinguished-name", "'" + dn + "' is not a distinguished name.");
        }
        return dn.strip();
    }

    @EventSourcingHandler
    void on(LocalUserCreated event) {
        userId = event.userId();
        tenantId = event.tenantId();
        email = event.email();
        displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(LdapUserImported event) {
        userId = event.userId();
        tenantId = event.tenantId();
        email = event.email();
        displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(LdapUserUpdated event) {
        email = event.email();
        displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(EnrollmentPinIssued event) {
        pin = new Pin(event.pinHash(), event.expiresAt(), event.maxAttempts());
    }

    @EventSourcingHandler
    void on(EnrollmentPinRejected event) {
        pin.failedAttempts = event.attempt();
    }

    @EventSourcingHandler
    void on(EnrollmentPinLockedOut event) {
        pin.lockedOut = true;
    }

    @EventSourcingHandler
    void on(EnrollmentPinAccepted event) {
        pin.used = true;
    }

    @EventSourcingHandler
    void on(QrLoginIssued event) {
        qrLoginHash = event.tokenHash();
        qrLoginExpiresAt = event.expiresAt();
        qrLoginUsed = false;
    }

    @EventSourcingHandler
    void on(QrLoginAccepted event) {
        qrLoginUsed = true;
    }

    @EventSourcingHandler
    void on(UserPasswordSet event) {
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(AccountDrivenEnrollmentAllowed event) {
        managedAppleId = event.managedAppleId();
        accountDrivenMode = event.mode();
    }

    @EventSourcingHandler
    void on(AccountDrivenEnrollmentRevoked event) {
        managedAppleId = null;
        accountDrivenMode = null;
    }
}
