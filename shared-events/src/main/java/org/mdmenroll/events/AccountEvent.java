package org.mdmenroll.events;

/** An event about one operator, admin or auditor account. */
public interface AccountEvent {

    AccountId accountId();
}
