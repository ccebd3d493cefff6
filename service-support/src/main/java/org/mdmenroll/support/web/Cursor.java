package org.mdmenroll.support.web;

import org.mdmenroll.support.problem.Refusal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Opaque keyset cursors: the sort key values of the last row of a page, encoded so clients do not
 * depend on them. The one cursor rule of every list: a cursor is the URL-safe base64 of a marker and
 * the keys, and anything that is not exactly that (not base64, not UTF-8, no marker, another number
 * of keys) is a 400 {@code invalid-cursor}. The marker is what makes a list with a single free-text
 * key (a hardware id, a serial number) refuse garbage instead of reading it as a key.
 */
public final class Cursor {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    private static final String SEPARATOR = "\u001f";
    /** The first key of every cursor; a version, should the encoding ever change. */
    private static final String MARKER = "c1";

    private Cursor() {
    }

    public static String encode(String... keys) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((MARKER + SEPARATOR + String.join(SEPARATOR, keys)).getBytes(StandardCharsets.UTF_8));
    }

    /** The keys of a cursor made by {@link #encode}; {@code count} of them are expected. */
    public static List<String> decode(String cursor, int count) {
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor))).toString();
            List<String> keys = List.of(decoded.split(SEPARATOR, -1));
            if (keys.size() != count + 1 || !MARKER.equals(keys.get(0))) {
                throw invalid();
            }
            return keys.subList(1, keys.size());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid();
        }
    }

    /** A key of a cursor that must be a UUID (the row id that breaks ties); anything else is a 400. */
    public static UUID uuidKey(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** A cursor whose keys do not fit the list it is used with. */
    public static Refusal invalid() {
        return Refusal.invalid("invalid-cursor", "The cursor is not one this service issued.");
    }

    /** The page size asked for, within 1 and {@value #MAX_LIMIT}. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw Refusal.invalid("invalid-limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return requested;
    }
}
