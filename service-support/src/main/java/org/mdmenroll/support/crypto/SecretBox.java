package org.mdmenroll.support.crypto;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts the secrets the system must read back later (push tokens, private keys) with
 * AES-256-GCM under the key from configuration ({@code mdm.secrets.key}, base64 of 32 bytes).
 * Each value is bound to its purpose, so a sealed push token cannot be passed off as anything else.
 * The sealed form is {@code v1.<base64url(iv | ciphertext | tag)>}.
 */
public final class SecretBox {

    private static final String VERSION = "v1.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box for the base64 key; refuses to start with a missing or short key. */
    public static SecretBox fromBase64Key(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException("mdm.secrets.key (MDM_SECRETS_KEY) is not set: give it 32 random bytes in "
                    + "base64, e.g. the output of 'openssl rand -base64 32'.");
        }
        byte[] key = Base64.getDecoder().decode(base64Key.strip());
        if (key.length != 32) {
            throw new IllegalStateException("mdm.secrets.key must be 32 bytes in base64; it has " + key.length + ".");
        }
        return new SecretBox(key);
    }

    public String seal(SecretPurpose purpose, String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, purpose, iv);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    public String open(SecretPurpose purpose, String sealed) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("Not a sealed value");
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, purpose, Arrays.copyOf(all, IV_BYTES));
            byte[] clear = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The sealed value does not open with this key and purpose", e);
        }
    }

    /**
     * A keyed hash of a secret that is only ever compared, never read back (a one-time PIN):
     * HMAC-SHA256 under a key derived from this box's key for the purpose, base64url. Without the
     * key nobody can test guesses against it, which a slow hash cannot promise for a short secret.
     */
    public String keyedHash(SecretPurpose purpose, String secret) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("keyed-hash:" + purpose.value()).getBytes(StandardCharsets.UTF_8));
            Mac hash = Mac.getInstance("HmacSHA256");
            hash.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    hash.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot hash", e);
        }
    }

    private Cipher cipher(int mode, SecretPurpose purpose, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(purpose.value().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
