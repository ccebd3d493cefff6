package org.mdmenroll.support.audit;

import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is behind the request this thread serves, and its request id. Accounts come from Spring
 * Security; device-facing endpoints name the enrolling user or device once they authenticated it.
 * {@link RequestIdFilter} opens and clears it around each request.
 */
public final class RequestActor {

    private record Context(String requestId, ActorType type, String actor) {
    }

    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    private RequestActor() {
    }

    static void begin(String requestId) {
        CURRENT.set(new Context(requestId, null, null));
    }

    static void end() {
        CURRENT.remove();
    }

    /** The enrolling user or the device this request authenticated as. */
    public static void actingAs(ActorType type, String actor) {
        Context context = CURRENT.get();
        CURRENT.set(new Context(context == null ? null : context.requestId(), type, actor));
    }

    public static String requestId() {
        Context context = CURRENT.get();
        return context == null ? null : context.requestId();
    }

    /** The audit metadata of this request's actor: device-facing actor, else the account, else anonymous. */
    public static Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        Context context = CURRENT.get();
        if (context != null && context.type() != null) {
            metadata.put(AuditMetadata.ACTOR_TYPE, context.type().name());
            metadata.put(AuditMetadata.ACTOR, context.actor());
        } else if (account() instanceof AccountPrincipal principal) {
            metadata.put(AuditMetadata.ACTOR_TYPE, ActorType.ACCOUNT.name());
            metadata.put(AuditMetadata.ACTOR, principal.getUsername());
        } else {
            metadata.put(AuditMetadata.ACTOR_TYPE, ActorType.ANONYMOUS.name());
            metadata.put(AuditMetadata.ACTOR, "anonymous");
        }
        if (context != null && context.requestId() != null) {
            metadata.put(AuditMetadata.REQUEST_ID, context.requestId());
        }
        return metadata;
    }

    private static Object account() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? null : authentication.getPrincipal();
    }
}
