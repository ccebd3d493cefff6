package org.mdmenroll.support.axon;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentEnabled;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant's events share the tenant as their sequence; the others keep their aggregate's. */
class TenantSequencingPolicyTest {

    private final TenantSequencingPolicy policy = new TenantSequencingPolicy();
    private final AccountId account = AccountId.random();

    @Test
    void aTenantEventIsSequencedByItsTenant() {
        TenantId tenant = TenantId.random();
        assertThat(policy.getSequenceIdentifierFor(message(new AccountDrivenEnrollmentEnabled(tenant, null))))
                .isEqualTo(tenant);
        assertThat(policy.getSequenceIdentifierFor(message(
                new AccountCreated(account, "acme-admin", Role.ADMIN, tenant, "{bcrypt}x")))).isEqualTo(tenant);
    }

    @Test
    void anEventWithoutATenantIsSequencedByItsAggregate() {
        assertThat(policy.getSequenceIdentifierFor(message(
                new AccountCreated(account, "operator", Role.OPERATOR, null, "{bcrypt}x"))))
                .isEqualTo(account.toString());
        assertThat(policy.getSequenceIdentifierFor(message(new AccountPasswordChanged(account, "{bcrypt}y"))))
                .isEqualTo(account.toString());
    }

    private GenericDomainEventMessage<Object> message(Object payload) {
        return new GenericDomainEventMessage<>("Aggregate", account.toString(), 0, payload);
    }
}
