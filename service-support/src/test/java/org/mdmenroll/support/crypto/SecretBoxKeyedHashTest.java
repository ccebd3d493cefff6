package org.mdmenroll.support.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mdmenroll.support.crypto.SecretPurpose.APP_PUSH_TOKEN;
import static org.mdmenroll.support.crypto.SecretPurpose.ENROLLMENT_PIN;

class SecretBoxKeyedHashTest {

    private static final SecretBox BOX = SecretBox.fromBase64Key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private static final SecretBox OTHER_KEY = SecretBox.fromBase64Key("HxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRo=");

    @Test
    void theSameSecretHashesTheSameUnderTheSameKeyAndPurpose() {
        assertThat(BOX.keyedHash(ENROLLMENT_PIN, "u:482913")).isEqualTo(BOX.keyedHash(ENROLLMENT_PIN, "u:482913"));
    }

    @Test
    void anotherSecretPurposeOrKeyGivesAnotherHash() {
        String hash = BOX.keyedHash(ENROLLMENT_PIN, "u:482913");
        assertThat(BOX.keyedHash(ENROLLMENT_PIN, "u:482914")).isNotEqualTo(hash);
        assertThat(BOX.keyedHash(APP_PUSH_TOKEN, "u:482913")).isNotEqualTo(hash);
        assertThat(OTHER_KEY.keyedHash(ENROLLMENT_PIN, "u:482913")).isNotEqualTo(hash);
    }

    @Test
    void theHashIsBase64urlOfTheFullHmacAndDoesNotShowTheSecret() {
        String hash = BOX.keyedHash(ENROLLMENT_PIN, "u:482913");
        assertThat(hash).matches("[A-Za-z0-9_-]{43}").doesNotContain("482913");
    }
}
