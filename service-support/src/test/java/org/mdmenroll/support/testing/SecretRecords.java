package org.mdmenroll.support.testing;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the records of a package whose {@code toString} prints a secret: every record with a
 * component named like a secret (password, pin, token, secret, key, challenge, passphrase, p12,
 * pkcs12, private, case ignored, anywhere in the name) is built with a marker in each such component
 * (a String, char[] or byte[] one) and its {@code toString} must not contain the marker. Records are
 * what Spring's web logging, Axon's command logging and exception messages print whole.
 */
public final class SecretRecords {

    public static final String MARKER = "S3CRET-MARKER-";

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|pin|token|secret|key|challenge|passphrase|p12|pkcs12|private).*");

    private SecretRecords() {
    }

    /**
     * The records under {@code basePackage} that print a secret component, as "Record.component";
     * {@code notSecret} names components that only look like secrets (a token's id, a public key...).
     */
    public static List<String> leaking(String basePackage, Set<String> notSecret) throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : records(basePackage)) {
            List<String> secrets = new ArrayList<>();
            Object instance;
            try {
                instance = build(type, notSecret, secrets, 0);
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (!secrets.isEmpty()) {
                    leaks.add(type.getName() + " (cannot be built with markers: " + e + ")");
                }
                continue;
            }
            if (secrets.isEmpty()) {
                continue;
            }
            String printed;
            try {
                printed = String.valueOf(instance);
            } catch (RuntimeException e) {
                leaks.add(type.getName() + " (toString fails on neutral values: " + e + ")");
                continue;
            }
            List<String> printedSecrets = secrets.stream()
                    .filter(name -> printed.contains(MARKER + name) || printed.contains(bytesPrinted(name)))
                    .toList();
            if (!printedSecrets.isEmpty()) {
                leaks.add(type.getName() + " " + printedSecrets);
            }
        }
        return leaks;
    }

    /** The record built with markers in its secret components, neutral values elsewhere. */
    private static Object build(Class<?> type, Set<String> notSecret, List<String> secrets, int depth)
            throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            boolean secret = isSecret(component.getName())
                    && !notSecret.contains(type.getSimpleName() + "." + component.getName())
                    && !notSecret.contains(component.getName());
            Object marked = secret ? marked(component.getType(), component.getName()) : null;
            if (marked != null) {
                if (depth == 0) {
                    secrets.add(component.getName());
                }
                args[i] = marked;
            } else {
                args[i] = neutral(component.getType(), depth);
            }
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }

    /** All records under the package, nested ones included. */
    public static List<Class<?>> records(String basePackage) throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(Record.class));
        List<Class<?>> records = new ArrayList<>();
        for (var definition : scanner.findCandidateComponents(basePackage)) {
            if (String.valueOf(definition.getResourceDescription()).contains("test-classes")) {
                continue; // the main sources only
            }
            Class<?> type = Class.forName(definition.getBeanClassName(), false, SecretRecords.class.getClassLoader());
            if (type.isRecord()) {
                records.add(type);
            }
        }
        return records;
    }

    static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static String bytesPrinted(String name) {
        return java.util.Arrays.toString((MARKER + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Object marked(Class<?> type, String name) {
        String marker = MARKER + name;
        if (type == String.class || type == CharSequence.class || type == Object.class) {
            return marker;
        }
        if (type == char[].class) {
            return marker.toCharArray();
        }
        if (type == byte[].class) {
            return marker.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private static Object neutral(Class<?> type, int depth) {
        if (!type.isPrimitive()) {
            if (type == String.class) {
                return "x";
            }
            if (type == Optional.class) {
                return Optional.empty();
            }
            if (type == List.class || type == Collection.class) {
                return List.of();
            }
            if (type == Set.class) {
                return Set.of();
            }
            if (type == Map.class) {
                return Map.of();
            }
            if (type.isArray()) {
                return Array.newInstance(type.getComponentType(), 0);
            }
            if (type.isEnum() && type.getEnumConstants().length > 0) {
                return type.getEnumConstants()[0];
            }
            if (type.isRecord() && depth < 3) {
                try {
                    return build(type, Set.of(), new ArrayList<>(), depth + 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return 'x';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
