package org.mdmenroll.command.account;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.account.AccountCommands.ChangeAccountPassword;
import org.mdmenroll.command.account.AccountCommands.CreateAccount;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.support.security.AccountTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes sure an operator exists at start. With MDM_OPERATOR_USER / MDM_OPERATOR_PASSWORD that
 * operator is created or its password brought in line; without them, the first start creates
 * "operator" with a random password printed once on the console (never through the logger).
 */
@Component
public class OperatorBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);
    static final String DEFAULT_OPERATOR = "operator";

    private final CommandGateway commands;
    private final AccountTable accounts;
    private final PasswordEncoder passwordEncoder;
    private final String username;
    private final String password;

    public OperatorBootstrap(CommandGateway commands, AccountTable accounts, PasswordEncoder passwordEncoder,
            @Value("${mdm.operator.username:}") String username, @Value("${mdm.operator.password:}") String password) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!username.isBlank() && !password.isBlank()) {
            ensureConfiguredOperator();
        } else if (!accounts.anyOperator()) {
            createRandomOperator();
        }
    }

    private void ensureConfiguredOperator() {
        accounts.findByUsername(username).ifPresentOrElse(existing -> {
            if (existing.role() != Role.OPERATOR) {
                throw new IllegalStateException("MDM_OPERATOR_USER '" + username + "' is a tenant account");
            }
            if (!passwordEncoder.matches(password, existing.getPassword())) {
                commands.sendAndWait(new ChangeAccountPassword(existing.accountId(), passwordEncoder.encode(password)));
                log.info("Operator '{}' password updated from configuration", username);
            }
        }, () -> {
            commands.sendAndWait(new CreateAccount(AccountId.random(), username, Role.OPERATOR, null,
                    passwordEncoder.encode(password)));
            log.info("Operator '{}' created from configuration", username);
        });
    }

    private void createRandomOperator() {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            commands.sendAndWait(new CreateAccount(AccountId.random(), DEFAULT_OPERATOR, Role.OPERATOR, null,
                    passwordEncoder.encode(generated)));
        } catch (DuplicateKeyException anotherNodeWasFaster) {
            return;
        }
        System.out.println("""

                ================================================================
                 First start: operator account created. This is shown only once.
                   username: %s
                   password: %s
                 Set MDM_OPERATOR_USER / MDM_OPERATOR_PASSWORD to choose your own.
                ================================================================
                """.formatted(DEFAULT_OPERATOR, generated));
    }
}
