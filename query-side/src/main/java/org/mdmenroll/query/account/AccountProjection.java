package org.mdmenroll.query.account;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.query.projection.ShadowRebuild;
import org.mdmenroll.support.security.AccountTable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The accounts this service authenticates (the same credentials as the command side), projected
 * from the account events so no table is shared between the services.
 * <p>
 * A rebuild never empties them: the reset handler empties {@code account_rebuild} instead, replayed
 * events go there, live events go to both, and when the replay is done the rebuilder swaps the
 * rebuilt rows in, in one transaction. Logins keep working all along. A rebuild cut short (the
 * service stopped) leaves the live rows as they are; the next rebuild starts the shadow again.
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
public class AccountProjection implements ShadowRebuild {

    public static final String PROCESSING_GROUP = "accounts";

    private final AccountTable accounts;
    private final AccountTable rebuilt;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private volatile boolean rebuilding;

    public AccountProjection(AccountTable accounts, JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.rebuilt = new AccountTable(jdbc, "account_rebuild");
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @EventHandler
    void on(AccountCreated event, ReplayStatus replay) {
        if (!replay.isReplay()) {
            accounts.add(event);
        }
        if (replay.isReplay() || rebuilding) {
            rebuilt.add(event);
        }
    }

    @EventHandler
    void on(AccountPasswordChanged event, ReplayStatus replay) {
        if (!replay.isReplay()) {
            accounts.change(event);
        }
        if (replay.isReplay() || rebuilding) {
            rebuilt.change(event);
        }
    }

    @ResetHandler
    void reset() {
        rebuilt.clear();
        rebuilding = true;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public void swap() {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("delete from " + accounts.table()).update();
            jdbc.sql("insert into " + accounts.table() + " select * from " + rebuilt.table()).update();
            rebuilt.clear();
        });
        rebuilding = false;
    }
}
