package org.mdmenroll.support.audit;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps every command dispatched while serving a request with that request's actor and id,
 * unless the sender already named the actor (a system action).
 */
public class ActorDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, String> metadata = new HashMap<>(RequestActor.metadata());
            if (command.getMetaData().containsKey(AuditMetadata.ACTOR_TYPE)) {
                metadata.remove(AuditMetadata.ACTOR_TYPE);
                metadata.remove(AuditMetadata.ACTOR);
            }
            if (command.getMetaData().containsKey(AuditMetadata.REQUEST_ID)) {
                metadata.remove(AuditMetadata.REQUEST_ID);
            }
            return command.andMetaData(metadata);
        };
    }
}
