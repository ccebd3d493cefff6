package org.mdmenroll.command.user;

import org.mdmenroll.events.UserId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * How one-time PINs are stored and checked: a keyed hash (HMAC-SHA256 under a key derived from
 * {@code MDM_SECRETS_KEY}) of the user and the PIN, never the PIN. A six-digit PIN has a million
 * values, so bcrypt slows an offline guesser down only to hours, while it cost every PIN login
 * ~70 ms of CPU (README "Benchmarks"); the keyed hash cannot be tested at all without the key,
 * which is not in the database, and costs microseconds. PINs issued before are bcrypt hashes and
 * are still checked as such until they are used or expire.
 */
@Component
public class PinHashes {

    static final String PREFIX = "{hmac-sha256}";

    private final SecretBox secrets;
    private final PasswordEncoder passwords;

    public PinHashes(SecretBox secrets, PasswordEncoder passwords) {
        this.secrets = secrets;
        this.passwords = passwords;
    }

    public String hash(UserId userId, String pin) {
        return PREFIX + secrets.keyedHash(SecretPurpose.ENROLLMENT_PIN, userId + ":" + pin);
    }

    public boolean matches(UserId userId, String pin, String stored) {
        if (stored.startsWith(PREFIX)) {
            return MessageDigest.isEqual(hash(userId, pin).getBytes(StandardCharsets.US_ASCII),
                    stored.getBytes(StandardCharsets.US_ASCII));
        }
        return passwords.matches(pin, stored);
    }
}
