package org.mdmenroll.command.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.InvitationSender.InvitationMessage;
import org.mdmenroll.command.user.UserCommands.AllowAccountDrivenEnrollment;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.command.user.UserCommands.CreateLocalUser;
import org.mdmenroll.command.user.UserCommands.ImportLdapUser;
import org.mdmenroll.command.user.UserCommands.Invitation;
import org.mdmenroll.command.user.UserCommands.InviteUser;
import org.mdmenroll.command.user.UserCommands.IssueEnrollmentPin;
import org.mdmenroll.command.user.UserCommands.IssuedPin;
import org.mdmenroll.command.user.UserCommands.PinPolicy;
import org.mdmenroll.command.user.UserCommands.RevokeAccountDrivenEnrollment;
import org.mdmenroll.command.user.UserCommands.UpdateLdapUser;
import org.mdmenroll.events.InvitationId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@RestController
@Tag(name = "Users", description = "Admins create, import and invite users, issue PINs and grant account-driven enrollment.")
public class UserController {

    private final CommandGateway commands;
    private final TenantDirectory tenants;
    private final UserDirectory users;
    private final InvitationSender invitationSender;
    private final PasswordEncoder passwordEncoder;

    public UserController(CommandGateway commands, TenantDirectory tenants, UserDirectory users,
            InvitationSender invitationSender, PasswordEncoder passwordEncoder) {
        this.commands = commands;
        this.tenants = tenants;
        this.users = users;
        this.invitationSender = invitationSender;
        this.passwordEncoder = passwordEncoder;
    }

    public record CreateUserRequest(@NotBlank @Size(max = 320) String email, @NotBlank @Size(max = 200) String displayName,
                                    @Size(min = 8, max = 128) String password) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record UserCreatedResponse(UserId userId) {
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a local user (email unique per tenant)")
    public UserCreatedResponse create(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody CreateUserRequest request) {
        TenantId tenantId = admin.tenantId();
        users.requireEmailFree(tenantId, request.email(), null);
        UserId userId = UserId.random();
        commands.sendAndWait(new CreateLocalUser(userId, tenantId, request.email(), request.displayName(),
                request.password() == null ? null : passwordEncoder.encode(request.password())));
        return new UserCreatedResponse(userId);
    }

    public record LdapEntry(@NotBlank @Size(max = 1000) String dn, @NotBlank @Size(max = 320) String email,
                            @NotBlank @Size(max = 200) String displayName) {
    }

    public record LdapImportRequest(@NotEmpty @Size(max = 10_000) List<@Valid LdapEntry> entries) {
    }

    public record RejectedEntry(String dn, String reason) {
    }

    public record LdapImportResponse(int created, int updated, int unchanged, List<RejectedEntry> rejected) {
    }

    /** Entries are imported one by one: a DN seen before updates its user, never duplicates it. */
    @PostMapping("/api/users/ldap-import")
    @Operation(summary = "Import directory users; a known DN updates its user")
    public LdapImportResponse importLdap(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody LdapImportRequest request) {
        TenantId tenantId = admin.tenantId();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<RejectedEntry> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LdapEntry entry : request.entries()) {
            if (!seen.add(UserDirectory.normaliseDn(entry.dn()))) {
                rejected.add(new RejectedEntry(entry.dn(), "The DN appears twice in this batch."));
                continue;
            }
            try {
                var existing = users.findByDistinguishedName(tenantId, entry.dn());
                users.requireEmailFree(tenantId, entry.email(), existing.orElse(null));
                if (existing.isEmpty()) {
                    commands.sendAndWait(new ImportLdapUser(UserId.random(), tenantId, entry.dn(), entry.email(),
                            entry.displayName()));
                    created++;
                } else if (commands.<Boolean>sendAndWait(new UpdateLdapUser(existing.get(), entry.dn(),
                        entry.email(), entry.displayName()))) {
                    updated++;
                } else {
                    unchanged++;
                }
            } catch (Refusal refusal) {
                rejected.add(new RejectedEntry(entry.dn(), refusal.getMessage()));
            }
        }
        return new LdapImportResponse(created, updated, unchanged, rejected);
    }

    public record InvitationResponse(InvitationId invitationId, String enrollmentUrl, Instant expiresAt, String pin,
                                     Instant pinExpiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    @PostMapping("/api/users/{userId}/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Invite a user; the PIN, when included, is shown here once and never stored in clear")
    public InvitationResponse invite(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable UserId userId) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        users.requireInTenant(tenant.tenantId(), userId);
        Invitation invitation = commands.sendAndWait(new InviteUser(userId, InvitationId.random(), tenant.enrollmentUrl(),
                PinPolicy.of(tenant.settings()), tenant.settings().invitationValidity()));
        UserDirectory.Contact contact = users.contact(userId);
        invitationSender.send(new InvitationMessage(contact.email(), contact.displayName(), invitation.enrollmentUrl(),
                invitation.expiresAt(), nextSteps(invitation), invitation.pin(), invitation.pinExpiresAt()));
        return new InvitationResponse(invitation.invitationId(), invitation.enrollmentUrl(), invitation.expiresAt(),
                invitation.pin(), invitation.pinExpiresAt());
    }

    private static List<String> nextSteps(Invitation invitation) {
        return List.of(
                "Open " + invitation.enrollmentUrl() + " on the device you want to enroll.",
                invitation.pin() == null
                        ? "Log in with your email and password."
                        : "Log in with your email and the PIN in this message; it works once.",
                "If asked, choose a password.",
                "Download and install the enrollment profile right away: it is valid only for a few minutes.",
                "Lost this message? The same address ending in /go works; your administrator can resend it.");
    }

    @PostMapping("/api/users/{userId}/pins")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a new one-time PIN (replaces the current one, ends a lock-out)")
    public IssuedPin issuePin(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable UserId userId) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        users.requireInTenant(tenant.tenantId(), userId);
        return commands.sendAndWait(new IssueEnrollmentPin(userId, PinPolicy.of(tenant.settings())));
    }

    /** {@code mode}: DEVICE or USER for this user; null (or left out): the tenant's mode. */
    public record AccountDrivenRequest(@NotBlank @Size(max = 320) String managedAppleId, AccountDrivenEnrollmentMode mode) {
    }

    @PutMapping("/api/users/{userId}/account-driven-enrollment")
    @Operation(summary = "Allow account-driven enrollment with a Managed Apple ID of the tenant's domain, optionally "
            + "in a mode of the user's own (DEVICE or USER) instead of the tenant's",
            description = "Problems: 400 managed-apple-id-domain (not an address of the tenant's host domain), "
                    + "400 invalid-request (no managedAppleId), 400 malformed-request (unknown mode), 404 unknown-user.")
    public AccountDrivenRequest allowAccountDriven(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable UserId userId, @Valid @RequestBody AccountDrivenRequest request) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        users.requireInTenant(tenant.tenantId(), userId);
        commands.sendAndWait(new AllowAccountDrivenEnrollment(userId, request.managedAppleId(), tenant.hostDomain(),
                request.mode()));
        return request;
    }

    @DeleteMapping("/api/users/{userId}/account-driven-enrollment")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the user's account-driven enrollment role")
    public void revokeAccountDriven(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable UserId userId) {
        users.requireInTenant(admin.tenantId(), userId);
        commands.sendAndWait(new RevokeAccountDrivenEnrollment(userId));
    }
}
