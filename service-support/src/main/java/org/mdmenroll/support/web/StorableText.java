package org.mdmenroll.support.web;

import org.mdmenroll.support.problem.Refusal;

import java.util.Map;

/**
 * The one rule for text that comes in: PostgreSQL's {@code text} cannot hold NUL, and UTF-8 has no
 * encoding for a surrogate that is not part of a pair, so such text is refused with a 400 before
 * anything is recorded (a NUL used to be a 500 from the database; a lone surrogate was stored
 * as a replacement character). JSON strings ({@link WebJson}), parameters and headers
 * ({@link StorableTextFilter}) and the device plists ask it.
 */
public final class StorableText {

    private StorableText() {
    }

    /** True when the text has no NUL and every surrogate is half of a pair. */
    public static boolean storable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The 400 for such text: {@code where} says what held it ("the parameter", "the header"),
     * {@code field} names it (also the problem's {@code field} member).
     */
    public static Refusal refusal(String where, String field) {
        return new Refusal(Refusal.Kind.INVALID, "malformed-request",
                "The request has text that cannot be stored (a NUL character or an unpaired surrogate) in "
                        + where + " " + field + ".", Map.of("field", field));
    }
}
