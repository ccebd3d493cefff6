package org.mdmenroll.command.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.AccountDrivenEnrollmentRevoked;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The command side's table of users: email unique per tenant, directory DN to user, and which
 * tenant a user id belongs to. Updated in the transaction that stores the user's events; its
 * unique constraints are the last word when two requests race.
 */
@Component
@ProcessingGroup("user-directory")
public class UserDirectory {

    private final JdbcClient jdbc;

    public UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserId> findByEmail(TenantId tenantId, String email) {
        return jdbc.sql("select user_id from user_directory where tenant_id = ? and email = ?")
                .params(tenantId.value(), email.strip().toLowerCase(Locale.ROOT))
                .query((rs, row) -> new UserId(rs.getObject(1, UUID.class))).optional();
    }

    public Optional<UserId> findByDistinguishedName(TenantId tenantId, String dn) {
        return jdbc.sql("select user_id from user_directory where tenant_id = ? and ldap_dn = ?")
                .params(tenantId.value(), normaliseDn(dn))
                .query((rs, row) -> new UserId(rs.getObject(1, UUID.class))).optional();
    }

    /** A user of this tenant, or 404: another tenant's users do not exist for this caller. */
    public UserId requireInTenant(TenantId tenantId, UserId userId) {
        boolean found = jdbc.sql("select count(*) from user_directory where tenant_id = ? and user_id = ?")
                .params(tenantId.value(), userId.value()).query(Integer.class).single() > 0;
        if (!found) {
            throw Refusal.notFound("unknown-user", "No such user.");
        }
        return userId;
    }

    public void requireEmailFree(TenantId tenantId, String email, UserId except) {
        findByEmail(tenantId, email).filter(owner -> !owner.equals(except)).ifPresent(owner -> {
            throw Refusal.conflict("email-taken", "Another user of this tenant has email " + email.strip() + ".");
        });
    }

    /** Where an invitation goes. */
    public record Contact(String email, String displayName) {
    }

    public Contact contact(UserId userId) {
        return jdbc.sql("select email, display_name from user_directory where user_id = ?").param(userId.value())
                .query((rs, row) -> new Contact(rs.getString("email"), rs.getString("display_name"))).single();
    }

    /** The Managed Apple ID the user may enroll with through account-driven enrollment, if allowed. */
    public Optional<String> managedAppleId(UserId userId) {
        return jdbc.sql("select managed_apple_id from user_directory where user_id = ? and managed_apple_id is not null")
                .param(userId.value()).query(String.class).optional();
    }

    /** The user's own account-driven enrollment mode, if the admin gave one (else the tenant's counts). */
    public Optional<AccountDrivenEnrollmentMode> accountDrivenMode(UserId userId) {
        return jdbc.sql("select account_driven_mode from user_directory where user_id = ? and account_driven_mode is not null")
                .param(userId.value()).query(String.class).optional().map(AccountDrivenEnrollmentMode::valueOf);
    }

    /** The user of the tenant allowed account-driven enrollment with this Managed Apple ID, if any. */
    public Optional<UserId> byManagedAppleId(TenantId tenantId, String managedAppleId) {
        return jdbc.sql("select user_id from user_directory where tenant_id = ? and managed_apple_id = ?")
                .params(tenantId.value(), managedAppleId.strip().toLowerCase(Locale.ROOT))
                .query((rs, row) -> new UserId(rs.getObject("user_id", UUID.class))).optional();
    }

    static String normaliseDn(String dn) {
        return dn.strip().toLowerCase(Locale.ROOT);
    }

    @EventHandler
    void on(AccountDrivenEnrollmentAllowed event) {
        jdbc.sql("update user_directory set managed_apple_id = ?, account_driven_mode = ? where user_id = ?")
                .params(event.managedAppleId(), event.mode() == null ? null : event.mode().name(),
                        event.userId().value()).update();
    }

    @EventHandler
    void on(AccountDrivenEnrollmentRevoked event) {
        jdbc.sql("update user_directory set managed_apple_id = null, account_driven_mode = null where user_id = ?")
                .param(event.userId().value()).update();
    }

    @EventHandler
    void on(LocalUserCreated event) {
        jdbc.sql("insert into user_directory (user_id, tenant_id, email, display_name) values (?, ?, ?, ?)")
                .params(event.userId().value(), event.tenantId().value(), event.email(), event.displayName())
                .update();
    }

    @EventHandler
    void on(LdapUserImported event) {
        jdbc.sql("insert into user_directory (user_id, tenant_id, email, display_name, ldap_dn) values (?, ?, ?, ?, ?)")
                .params(event.userId().value(), event.tenantId().value(), event.email(), event.displayName(),
                        normaliseDn(event.distinguishedName()))
                .update();
    }

    @EventHandler
    void on(LdapUserUpdated event) {
        jdbc.sql("update user_directory set email = ?, display_name = ? where user_id = ?")
                .params(event.email(), event.displayName(), event.userId().value()).update();
    }
}
