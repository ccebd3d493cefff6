package org.mdmenroll.support.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Handles one tenant's events in their stored order, so a projection that joins aggregates (a
 * device and its user) sees the user before the device. Events that carry no tenant fall back to
 * per-aggregate order.
 */
@Component("tenantSequencingPolicy")
public class TenantSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private static final ClassValue<Optional<Method>> TENANT_ACCESSOR = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            for (var component : type.getRecordComponents()) {
                if (component.getName().equals("tenantId")) {
                    return Optional.of(component.getAccessor());
                }
            }
            return Optional.empty();
        }
    };

    private final SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object tenant = TENANT_ACCESSOR.get(event.getPayloadType()).map(accessor -> {
            try {
                return accessor.invoke(event.getPayload());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).orElse(null);
        return tenant != null ? tenant : fallback.getSequenceIdentifierFor(event);
    }
}
