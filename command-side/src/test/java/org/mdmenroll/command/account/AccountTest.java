package org.mdmenroll.command.account;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.account.AccountCommands.ChangeAccountPassword;
import org.mdmenroll.command.account.AccountCommands.CreateAccount;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.support.problem.Refusal.Kind;

import static org.mdmenroll.command.RefusalMatcher.refusal;

class AccountTest {

    private static final AccountId ACCOUNT = AccountId.of("0b6f3c1e-98a2-4d1b-a6a1-4e3f2a7c9d10");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    /** Accounts receive their password already hashed; the aggregate only passes the hash on. */
    private static final String HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuu4Wq6c0n0k8b3C7p8L2oQeE1QeE1QeE1";
    private static final String NEW_HASH = "{bcrypt}$2a$10$zyxwvutsrqponmlkjihgfeS3yM9yM9yM9yM9yM9yM9yM9yM9yM9y";

    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    @Test
    void anOperatorBelongsToNoTenantAndIsCreatedWithoutOne() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, "operator", Role.OPERATOR, null, HASH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountCreated(ACCOUNT, "operator", Role.OPERATOR, null, HASH));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ADMIN", "AUDITOR"})
    void anAdminOrAuditorIsCreatedWithItsTenant(Role role) {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, "jane.admin", role, TENANT, HASH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountCreated(ACCOUNT, "jane.admin", role, TENANT, HASH));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ADMIN", "AUDITOR"})
    void anAdminOrAuditorWithoutATenantIsRefused(Role role) {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, "jane.admin", role, null, HASH))
                .expectException(refusal(Kind.INVALID, "invalid-role"))
                .expectNoEvents();
    }

    @Test
    void anOperatorWithATenantIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, "operator", Role.OPERATOR, TENANT, HASH))
                .expectException(refusal(Kind.INVALID, "invalid-role"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "username \"{0}\"")
    @ValueSource(strings = {"abc", "jane.admin@acme.example", "J_Doe-42",
            "a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789"})
    void aUsernameOfThreeToOneHundredLettersDigitsOrDotUnderscoreAtHyphenIsAccepted(String username) {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, username, Role.ADMIN, TENANT, HASH))
                .expectEvents(new AccountCreated(ACCOUNT, username, Role.ADMIN, TENANT, HASH));
    }

    @ParameterizedTest(name = "username \"{0}\"")
    @ValueSource(strings = {"", "ab", "jane admin", "jane/admin", "jäne", "jane:admin", " jane",
            "a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789x"})
    void aUsernameOutsideTheAllowedCharactersOrLengthIsRefused(String username) {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ACCOUNT, username, Role.ADMIN, TENANT, HASH))
                .expectException(refusal(Kind.INVALID, "invalid-username"))
                .expectNoEvents();
    }

    @Test
    void aPasswordChangeIsRecordedWithTheNewHash() {
        fixture.given(new AccountCreated(ACCOUNT, "operator", Role.OPERATOR, null, HASH))
                .when(new ChangeAccountPassword(ACCOUNT, NEW_HASH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountPasswordChanged(ACCOUNT, NEW_HASH));
    }
}
