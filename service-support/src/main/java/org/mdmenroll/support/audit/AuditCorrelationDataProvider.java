package org.mdmenroll.support.audit;

import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * Passes the audit metadata from the message being handled to the messages it causes. The events
 * of a deadline are the system's, caused by that deadline, and keep the request id of the request
 * that scheduled it.
 */
public class AuditCorrelationDataProvider implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        Object requestId = message.getMetaData().get(AuditMetadata.REQUEST_ID);
        if (requestId != null) {
            data.put(AuditMetadata.REQUEST_ID, requestId);
        }
        if (message instanceof DeadlineMessage<?> deadline) {
            data.putAll(AuditMetadata.system("deadline", "deadline:" + deadline.getDeadlineName()));
            return data;
        }
        for (String key : new String[]{AuditMetadata.ACTOR_TYPE, AuditMetadata.ACTOR, AuditMetadata.CAUSE}) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                data.put(key, value);
            }
        }
        return data;
    }
}
