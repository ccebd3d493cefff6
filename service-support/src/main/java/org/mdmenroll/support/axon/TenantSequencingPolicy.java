package org.mdmenroll.support.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.mdmenroll.events.TenantEvent;
import org.springframework.stereotype.Component;

/**
 * Handles one tenant's events in their stored order, so a projection that joins aggregates (a
 * device and its user) sees the user before the device, and the audit trail chains a tenant's
 * records in order. Events that carry no tenant fall back to per-aggregate order.
 */
@Component("tenantSequencingPolicy")
public class TenantSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof TenantEvent tenantEvent && tenantEvent.tenantId() != null) {
            return tenantEvent.tenantId();
        }
        return fallback.getSequenceIdentifierFor(event);
    }
}
