package org.mdmenroll.support.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes secrets out of an event's JSON before anyone reads it: every field, at any depth, whose name
 * contains hash, sealed, secret or password, and the fields named pin, token or sessionToken (case
 * ignored). Names like {@code pinIncluded} or {@code pushTopic} stay.
 */
public final class SecretFields {

    private static final Pattern SECRET_PART = Pattern.compile("(?i).*(hash|sealed|secret|password).*");
    private static final Set<String> SECRET_NAMES = Set.of("pin", "token", "sessiontoken");

    private SecretFields() {
    }

    public static boolean isSecret(String fieldName) {
        return SECRET_PART.matcher(fieldName).matches()
                || SECRET_NAMES.contains(fieldName.toLowerCase(Locale.ROOT));
    }

    /** Removes the secret fields from {@code node} and everything in it; returns the same node. */
    public static JsonNode removeFrom(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> secrets = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (isSecret(name)) {
                    secrets.add(name);
                }
            });
            object.remove(secrets);
            object.forEach(SecretFields::removeFrom);
        } else if (node != null && node.isArray()) {
            node.forEach(SecretFields::removeFrom);
        }
        return node;
    }
}
