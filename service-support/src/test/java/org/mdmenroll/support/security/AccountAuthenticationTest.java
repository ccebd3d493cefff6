package org.mdmenroll.support.security;

import org.junit.jupiter.api.Test;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountAuthenticationTest {

    private final CountingEncoder encoder = new CountingEncoder();
    private final Accounts accounts = new Accounts();
    private final MovableClock clock = new MovableClock();
    private final AccountAuthentication authentication =
            new AccountAuthentication(accounts, encoder, clock, Duration.ofMinutes(5));

    @Test
    void aSuccessfulCheckIsRememberedSoTheSamePasswordSkipsBcrypt() {
        accounts.add("acme-admin", encoder.encode("admin-password-1"));
        encoder.checks = 0;

        Authentication first = authentication.authenticate(basic("acme-admin", "admin-password-1"));
        Authentication second = authentication.authenticate(basic("acme-admin", "admin-password-1"));

        assertThat(encoder.checks).isEqualTo(1);
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getPrincipal()).isInstanceOf(AccountPrincipal.class);
        assertThat(((AccountPrincipal) second.getPrincipal()).tenantId()).isEqualTo(accounts.tenantId);
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        assertThat(first.getCredentials()).isNull();
        assertThat(((AccountPrincipal) second.getPrincipal()).getPassword()).as("no hash leaves").isNull();
    }

    @Test
    void wrongPasswordsAreRefusedAndCostBcryptEveryTimeEvenAfterASuccess() {
        accounts.add("acme-admin", encoder.encode("admin-password-1"));
        authentication.authenticate(basic("acme-admin", "admin-password-1"));
        encoder.checks = 0;

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> authentication.authenticate(basic("acme-admin", "admin-password-2")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(encoder.checks).isEqualTo(3);
        authentication.authenticate(basic("acme-admin", "admin-password-1"));
        assertThat(encoder.checks).as("a failure forgets the remembered check").isEqualTo(4);
    }

    @Test
    void aPasswordChangeEndsTheRememberedCheckAtOnce() {
        accounts.add("acme-admin", encoder.encode("admin-password-1"));
        authentication.authenticate(basic("acme-admin", "admin-password-1"));

        accounts.add("acme-admin", encoder.encode("admin-password-2"));

        assertThatThrownBy(() -> authentication.authenticate(basic("acme-admin", "admin-password-1")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(authentication.authenticate(basic("acme-admin", "admin-password-2")).isAuthenticated()).isTrue();
    }

    @Test
    void aRememberedCheckCountsOnlyForItsPeriod() {
        accounts.add("acme-admin", encoder.encode("admin-password-1"));
        authentication.authenticate(basic("acme-admin", "admin-password-1"));
        encoder.checks = 0;

        clock.now = clock.now.plus(Duration.ofMinutes(4));
        authentication.authenticate(basic("acme-admin", "admin-password-1"));
        assertThat(encoder.checks).isZero();

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        authentication.authenticate(basic("acme-admin", "admin-password-1"));
        assertThat(encoder.checks).isEqualTo(1);
    }

    @Test
    void anUnknownUsernameIsRefusedAfterAsMuchWorkAsAWrongPassword() {
        encoder.checks = 0;

        assertThatThrownBy(() -> authentication.authenticate(basic("nobody", "whatever-password")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(encoder.checks).isEqualTo(1);
    }

    @Test
    void anotherAccountsRememberedCheckDoesNotCount() {
        accounts.add("acme-admin", encoder.encode("same-password-1"));
        accounts.add("acme-auditor", encoder.encode("other-password-1"));
        authentication.authenticate(basic("acme-admin", "same-password-1"));

        assertThatThrownBy(() -> authentication.authenticate(basic("acme-auditor", "same-password-1")))
                .isInstanceOf(BadCredentialsException.class);
    }

    private static UsernamePasswordAuthenticationToken basic(String username, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
    }

    /** bcrypt (cheap cost), counting the checks. */
    private static final class CountingEncoder implements PasswordEncoder {
        private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        private int checks;

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks++;
            return bcrypt.matches(raw, encoded);
        }
    }

    /** The account table's rows in memory; each lookup answers a fresh principal, as the database does. */
    private static final class Accounts extends AccountTable {
        private final TenantId tenantId = TenantId.random();
        private final Map<String, String> hashes = new HashMap<>();

        Accounts() {
            super(null);
        }

        void add(String username, String hash) {
            hashes.put(username, hash);
        }

        @Override
        public Optional<AccountPrincipal> findByUsername(String username) {
            return Optional.ofNullable(hashes.get(username)).map(hash -> new AccountPrincipal(AccountId.random(),
                    username, username.endsWith("auditor") ? Role.AUDITOR : Role.ADMIN, tenantId, hash));
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
