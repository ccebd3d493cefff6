package org.mdmenroll.command.account;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.mdmenroll.command.account.AccountCommands.ChangeAccountPassword;
import org.mdmenroll.command.account.AccountCommands.CreateAccount;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.support.problem.Refusal;

import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An operator, admin or auditor account: who may call the admin and auditor APIs. */
@Aggregate
public class Account {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,100}");

    @AggregateIdentifier
    private AccountId accountId;

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(CreateAccount command) {
        if (!USERNAME.matcher(command.username()).matches()) {
            throw Refusal.invalid("invalid-username", "A username is 3 to 100 letters, digits or . _ @ -.");
        }
        // Operators stand above tenants; every admin and auditor belongs to exactly one.
        if (command.role().isTenantBound() != (command.tenantId() != null)) {
            throw Refusal.invalid("invalid-role", command.role().isTenantBound()
                    ? "An " + command.role() + " account belongs to a tenant."
                    : "An operator account belongs to no tenant.");
        }
        apply(new AccountCreated(command.accountId(), command.username(), command.role(), command.tenantId(),
                command.passwordHash()));
    }

    @CommandHandler
    public void handle(ChangeAccountPassword command) {
        apply(new AccountPasswordChanged(accountId, command.passwordHash()));
    }

    @EventSourcingHandler
    void on(AccountCreated event) {
        accountId = event.accountId();
    }
}
