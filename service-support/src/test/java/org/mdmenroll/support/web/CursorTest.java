package org.mdmenroll.support.web;

import org.junit.jupiter.api.Test;
import org.mdmenroll.support.problem.Refusal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorTest {

    @Test
    void aCursorDecodesToItsKeys() {
        assertThat(Cursor.decode(Cursor.encode("a", "b"), 2)).containsExactly("a", "b");
        assertThat(Cursor.decode(Cursor.encode("HW-1"), 1)).containsExactly("HW-1");
        assertThat(Cursor.decode(Cursor.encode(""), 1)).containsExactly("");
    }

    /** "garbage" is valid base64: a one-key list used to read it as a key and answer an empty page. */
    @Test
    void anythingElseIsAnInvalidCursorEvenForAOneKeyList() {
        String plainBase64 = Base64.getUrlEncoder().withoutPadding().encodeToString("HW-1".getBytes(StandardCharsets.UTF_8));
        String notUtf8 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {'c', '1', 0x1f, (byte) 0xff});
        for (String garbage : new String[] {"garbage", "bogus", "!!", "", plainBase64, notUtf8,
                Cursor.encode("a", "b")}) {
            assertThatThrownBy(() -> Cursor.decode(garbage, 1)).as(garbage)
                    .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.type()).isEqualTo("invalid-cursor"));
        }
    }
}
