package org.mdmenroll.support.audit;

import org.axonframework.messaging.MetaData;

import java.util.Map;

/**
 * The metadata every command and event carries for the audit trail: who acted, and which request
 * it belongs to. Commands get it when they are dispatched; events inherit it from the message
 * whose handling applied them; a deadline's events are the system's, with the deadline as cause
 * and the request that scheduled it as correlation.
 */
public final class AuditMetadata {

    /** ACCOUNT (operator, admin, auditor), USER (enrolling user), DEVICE, SYSTEM or ANONYMOUS. */
    public static final String ACTOR_TYPE = "actorType";
    /** The account's username, the user's or device's id, or the system process's name. */
    public static final String ACTOR = "actor";
    /** The request that caused the message, also for what the system does later because of it. */
    public static final String REQUEST_ID = "requestId";
    /** For system actions: what caused them, e.g. {@code deadline:profile-expiry}. */
    public static final String CAUSE = "cause";

    /** Who acted. */
    public enum ActorType { ACCOUNT, USER, DEVICE, SYSTEM, ANONYMOUS }

    private AuditMetadata() {
    }

    public static String actorType(MetaData metaData) {
        return stringOf(metaData, ACTOR_TYPE);
    }

    public static String actor(MetaData metaData) {
        return stringOf(metaData, ACTOR);
    }

    public static String requestId(MetaData metaData) {
        return stringOf(metaData, REQUEST_ID);
    }

    public static String cause(MetaData metaData) {
        return stringOf(metaData, CAUSE);
    }

    /** The metadata of a system action caused by {@code cause}. */
    public static Map<String, String> system(String process, String cause) {
        return Map.of(ACTOR_TYPE, ActorType.SYSTEM.name(), ACTOR, process, CAUSE, cause);
    }

    private static String stringOf(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
