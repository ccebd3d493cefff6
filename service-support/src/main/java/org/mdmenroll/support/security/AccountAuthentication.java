package org.mdmenroll.support.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic against the account table, remembering a successful bcrypt check for a few minutes:
 * scripts and consoles send the same credentials with every call, and a bcrypt check on each
 * (about 70 ms of CPU at cost 10) made it most of every REST answer (README "Benchmarks"). A
 * remembered check holds only an HMAC of the password under a key that lives in this process's
 * memory, and only while the account's stored hash is the one it was checked against: a password
 * change ends it at once. Failed attempts are never remembered, so each wrong guess still costs
 * bcrypt; an unknown username costs one too, so timing does not tell which usernames exist.
 */
public class AccountAuthentication implements AuthenticationProvider {

    /** Compared against when the username is unknown (bcrypt of a random password, made once). */
    private final String unknownAccountHash;
    private final AccountTable accounts;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final Duration remembered;
    private final byte[] key = new byte[32];
    private final Map<String, Check> checks = new ConcurrentHashMap<>();

    /** A successful check: the password's HMAC, the hash it matched, until when it counts. */
    private record Check(byte[] passwordMac, String passwordHash, Instant until) {
    }

    public AccountAuthentication(AccountTable accounts, PasswordEncoder encoder, Clock clock, Duration remembered) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.clock = clock;
        this.remembered = remembered;
        new SecureRandom().nextBytes(key);
        this.unknownAccountHash = encoder.encode(java.util.UUID.randomUUID().toString());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        AccountPrincipal account = accounts.findByUsername(username).orElse(null);
        if (account == null) {
            encoder.matches(password, unknownAccountHash);
            throw badCredentials();
        }
        byte[] mac = mac(username, password);
        Instant now = clock.instant();
        Check check = checks.get(username);
        boolean rememberedMatch = check != null && now.isBefore(check.until())
                && check.passwordHash().equals(account.getPassword())
                && MessageDigest.isEqual(check.passwordMac(), mac);
        if (!rememberedMatch) {
            if (!encoder.matches(password, account.getPassword())) {
                checks.remove(username);
                throw badCredentials();
            }
            checks.put(username, new Check(mac, account.getPassword(), now.plus(remembered)));
        }
        account.eraseCredentials();
        return UsernamePasswordAuthenticationToken.authenticated(account, null, account.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static BadCredentialsException badCredentials() {
        return new BadCredentialsException("Bad credentials");
    }

    private byte[] mac(String username, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(username.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
