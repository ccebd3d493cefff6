package org.mdmenroll.support.axon;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a named field of an event record ({@code tenantId}, {@code deviceId} ...) without knowing
 * its type: the events are records, and what every event of a kind carries has the same name.
 */
public final class EventFields {

    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> accessors = new HashMap<>();
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    accessors.put(component.getName(), component.getAccessor());
                }
            }
            return accessors;
        }
    };

    private EventFields() {
    }

    /** The field's value, or null when the event has no such field or it is empty. */
    public static Object get(Object event, String name) {
        if (event == null) {
            return null;
        }
        Method accessor = ACCESSORS.get(event.getClass()).get(name);
        if (accessor == null) {
            return null;
        }
        try {
            return accessor.invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + name + " of " + event.getClass().getName(), e);
        }
    }
}
