package org.mdmenroll.support.crypto;

import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a record that carries a secret prints itself: like the record's own {@code toString}, with the
 * value of every component named like a secret (password, pin, token, secret, key, challenge,
 * passphrase, hash, sealed, private, case ignored, anywhere in the name) shown as {@code ***}; names
 * ending in {@code Id} (a key's or a token's id) and flags, numbers, enums and times (a
 * {@code mustSetPassword}, a {@code pinLength}) are shown. Spring's web logging at DEBUG, Axon's
 * command logging and exception messages print request, response and command records whole, so a
 * record with a secret overrides {@code toString} with {@code Redacted.toString(this)}.
 */
public final class Redacted {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|pin|token|secret|key|challenge|passphrase|hash|sealed|private|pkcs12).*");

    private Redacted() {
    }

    public static boolean isSecret(String componentName) {
        return !componentName.endsWith("Id") && !componentName.endsWith("Ids")
                && SECRET_NAME.matcher(componentName.toLowerCase(Locale.ROOT)).matches();
    }

    public static String toString(Record record) {
        StringBuilder printed = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            if (i > 0) {
                printed.append(", ");
            }
            printed.append(component.getName()).append('=');
            Object value;
            try {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                value = accessor.invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                value = "?";
            }
            boolean plain = value == null || value instanceof Boolean || value instanceof Number
                    || value instanceof Enum<?> || value instanceof java.time.temporal.TemporalAccessor;
            printed.append(!plain && isSecret(component.getName()) ? "***" : String.valueOf(value));
        }
        return printed.append(']').toString();
    }
}
