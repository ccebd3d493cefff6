package org.mdmenroll.support.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretBoxKeyedHashTest {

    private static final SecretBox BOX = SecretBox.fromBase64Key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private static final SecretBox OTHER_KEY = SecretBox.fromBase64Key("HxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRo=");

    @Test
    void theSameSecretHashesTheSameUnderTheSameKeyAndPurpose() {
        assertThat(BOX.keyedHash("enrollment-pin", "u:482913")).isEqualTo(BOX.keyedHash("enrollment-pin", "u:482913"));
    }

    @Test
    void anotherSecretPurposeOrKeyGivesAnotherHash() {
        String hash = BOX.keyedHash("enrollment-pin", "u:482913");
        assertThat(BOX.keyedHash("enrollment-pin", "u:482914")).isNotEqualTo(hash);
        assertThat(BOX.keyedHash("push-token", "u:482913")).isNotEqualTo(hash);
        assertThat(OTHER_KEY.keyedHash("enrollment-pin", "u:482913")).isNotEqualTo(hash);
    }

    @Test
    void theHashIsBase64urlOfTheFullHmacAndDoesNotShowTheSecret() {
        String hash = BOX.keyedHash("enrollment-pin", "u:482913");
        assertThat(hash).matches("[A-Za-z0-9_-]{43}").doesNotContain("482913");
    }
}
