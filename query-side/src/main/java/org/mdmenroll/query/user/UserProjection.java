package org.mdmenroll.query.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.user.AccountDrivenEnrollmentAllowed;
import org.mdmenroll.events.user.AccountDrivenEnrollmentRevoked;
import org.mdmenroll.events.user.EnrollmentPinAccepted;
import org.mdmenroll.events.user.EnrollmentPinIssued;
import org.mdmenroll.events.user.EnrollmentPinLockedOut;
import org.mdmenroll.events.user.EnrollmentPinRejected;
import org.mdmenroll.events.user.EnrollmentSessionStarted;
import org.mdmenroll.events.user.LdapUserImported;
import org.mdmenroll.events.user.LdapUserUpdated;
import org.mdmenroll.events.user.LocalUserCreated;
import org.mdmenroll.events.user.UserInvited;
import org.mdmenroll.events.user.UserPasswordSet;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.mdmenroll.support.database.SqlTimes.instant;
import static org.mdmenroll.support.database.SqlTimes.utc;

/** Users of every tenant with the time of each step; admins list and filter them. */
@Component
@ProcessingGroup("users")
public class UserProjection {

    private final JdbcClient jdbc;

    public UserProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One tenant's users, ordered by email; all filters optional. */
    public record FindUsers(TenantId tenantId, UserStatus status, String text, Boolean accountDriven, String cursor,
                            int limit) {
    }

    /** A page of users; {@code nextCursor} is absent on the last page. */
    public record UserPage(List<UserView> items, String nextCursor) {
    }

    public record FindUser(TenantId tenantId, UserId userId) {
    }

    public record FoundUser(UserView user) {
    }

    @QueryHandler
    public UserPage handle(FindUsers query) {
        StringBuilder sql = new StringBuilder("select * from app_user where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId().value()));
        if (query.status() != null) {
            sql.append(" and status = ?");
            params.add(query.status().name());
        }
        if (query.text() != null && !query.text().isBlank()) {
            sql.append(" and (email ilike ? or display_name ilike ?)");
            String pattern = "%" + query.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(pattern);
            params.add(pattern);
        }
        if (query.accountDriven() != null) {
            sql.append(query.accountDriven() ? " and managed_apple_id is not null" : " and managed_apple_id is null");
        }
        if (query.cursor() != null) {
            List<String> after = Cursor.decode(query.cursor(), 2);
            sql.append(" and (email, user_id) > (?, ?)");
            params.add(after.get(0));
            params.add(Cursor.uuidKey(after.get(1)));
        }
        sql.append(" order by email, user_id limit ?");
        params.add(query.limit() + 1);
        List<UserView> rows = jdbc.sql(sql.toString()).params(params).query(UserProjection::view).list();
        if (rows.size() <= query.limit()) {
            return new UserPage(rows, null);
        }
        List<UserView> items = rows.subList(0, query.limit());
        UserView last = items.get(items.size() - 1);
        return new UserPage(List.copyOf(items), Cursor.encode(last.email(), last.userId().toString()));
    }

    @QueryHandler
    public FoundUser handle(FindUser query) {
        Optional<UserView> user = jdbc.sql("select * from app_user where tenant_id = ? and user_id = ?")
                .params(query.tenantId().value(), query.userId().value())
                .query(UserProjection::view).optional();
        return new FoundUser(user.orElse(null));
    }


    private static UserView view(ResultSet rs, int row) throws SQLException {
        return new UserView(new UserId(rs.getObject("user_id", UUID.class)),
                new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("email"),
                rs.getString("display_name"), rs.getString("source"), rs.getString("ldap_dn"),
                UserStatus.valueOf(rs.getString("status")), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "invited_at"), instant(rs, "invitation_expires_at"), instant(rs, "pin_issued_at"),
                instant(rs, "pin_expires_at"), rs.getInt("pin_failed_attempts"), instant(rs, "pin_accepted_at"),
                instant(rs, "locked_out_at"), instant(rs, "password_set_at"), instant(rs, "last_login_at"),
                rs.getString("managed_apple_id") != null, rs.getString("managed_apple_id"),
                instant(rs, "account_driven_allowed_at"), rs.getString("account_driven_mode"));
    }

    @EventHandler
    void on(LocalUserCreated event, @Timestamp Instant at) {
        insert(event.userId(), event.tenantId(), event.email(), event.displayName(), "LOCAL", null, at);
    }

    @EventHandler
    void on(LdapUserImported event, @Timestamp Instant at) {
        insert(event.userId(), event.tenantId(), event.email(), event.displayName(), "LDAP",
                event.distinguishedName(), at);
    }

    private void insert(UserId userId, TenantId tenantId, String email, String name, String source, String dn,
            Instant at) {
        jdbc.sql("""
                        insert into app_user (user_id, tenant_id, email, display_name, source, ldap_dn, status,
                                              created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, 'CREATED', ?, ?) on conflict (user_id) do nothing""")
                .params(userId.value(), tenantId.value(), email, name, source, dn, utc(at), utc(at)).update();
    }

    @EventHandler
    void on(LdapUserUpdated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "email = ?, display_name = ?, ldap_dn = ?", event.email(), event.displayName(),
                event.distinguishedName());
    }

    @EventHandler
    void on(UserInvited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "status = 'INVITED', invited_at = ?, invitation_expires_at = ?", utc(at),
                utc(event.expiresAt()));
    }

    @EventHandler
    void on(EnrollmentPinIssued event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, """
                status = 'PIN_PENDING', pin_issued_at = ?, pin_expires_at = ?, pin_failed_attempts = 0,
                pin_accepted_at = null, locked_out_at = null""", utc(at), utc(event.expiresAt()));
    }

    @EventHandler
    void on(EnrollmentPinRejected event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "pin_failed_attempts = ?", event.attempt());
    }

    @EventHandler
    void on(EnrollmentPinLockedOut event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "status = 'LOCKED_OUT', locked_out_at = ?", utc(at));
    }

    @EventHandler
    void on(EnrollmentPinAccepted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, """
                status = case when password_set_at is null then 'PIN_ACCEPTED' else 'PASSWORD_SET' end,
                pin_accepted_at = ?""", utc(at));
    }

    @EventHandler
    void on(EnrollmentSessionStarted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "last_login_at = ?", utc(at));
    }

    @EventHandler
    void on(UserPasswordSet event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "status = 'PASSWORD_SET', password_set_at = ?", utc(at));
    }

    @EventHandler
    void on(AccountDrivenEnrollmentAllowed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at, "managed_apple_id = ?, account_driven_allowed_at = ?, account_driven_mode = ?",
                event.managedAppleId(), utc(at), event.mode() == null ? null : event.mode().name());
    }

    @EventHandler
    void on(AccountDrivenEnrollmentRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.userId(), sequence, at,
                "managed_apple_id = null, account_driven_allowed_at = null, account_driven_mode = null");
    }

    /** An event older than the row's last applied one (delivered again) changes nothing. */
    private void update(UserId userId, long sequence, Instant at, String assignments, Object... values) {
        // Arrays.asList: a value may be null (a user allowed without a mode of their own).
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(utc(at));
        params.add(sequence);
        params.add(userId.value());
        params.add(sequence);
        jdbc.sql("update app_user set " + assignments + ", updated_at = ?, last_sequence = ? where user_id = ?"
                + " and last_sequence < ?").params(params).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from app_user").update();
    }
}
