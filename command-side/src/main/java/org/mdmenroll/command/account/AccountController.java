package org.mdmenroll.command.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.account.AccountCommands.CreateAccount;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.security.AccountTable;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Accounts", description = "Operators create the admin and auditor accounts of a tenant.")
public class AccountController {

    private final CommandGateway commands;
    private final AccountTable accounts;
    private final PasswordEncoder passwordEncoder;

    public AccountController(CommandGateway commands, AccountTable accounts, PasswordEncoder passwordEncoder) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
    }

    public record CreateAccountRequest(@NotBlank @Size(max = 100) String username,
                                       @NotBlank @Size(min = 12, max = 128) String password,
                                       @NotNull Role role) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    public record AccountCreatedResponse(AccountId accountId, String username, Role role) {
    }

    @PostMapping("/api/tenants/{tenant}/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an ADMIN or AUDITOR account of a tenant (operator)")
    public AccountCreatedResponse create(@Valid @RequestBody CreateAccountRequest request, TenantEntry tenant) {
        if (request.role() == Role.OPERATOR) {
            throw Refusal.invalid("invalid-role", "A tenant's accounts are ADMIN or AUDITOR.");
        }
        if (accounts.findByUsername(request.username()).isPresent()) {
            throw Refusal.conflict("username-taken", "Username '" + request.username() + "' is taken.");
        }
        AccountId accountId = AccountId.random();
        commands.sendAndWait(new CreateAccount(accountId, request.username(), request.role(), tenant.tenantId(),
                passwordEncoder.encode(request.password())));
        return new AccountCreatedResponse(accountId, request.username(), request.role());
    }
}
