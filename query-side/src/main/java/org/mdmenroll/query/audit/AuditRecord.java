package org.mdmenroll.query.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One line of a tenant's audit trail: what happened ({@code action}, {@code summary}), to what
 * ({@code targetType}, {@code targetId}), by whom ({@code actorType}, {@code actor}; for system
 * actions the {@code cause}), in which request ({@code requestId}), with the event's details minus
 * any secret. {@code position} orders the tenant's trail; {@code hash} chains it.
 */
public record AuditRecord(UUID tenantId, long position, String eventId, Instant occurredAt, String actorType,
                          String actor, String action, String summary, String targetType, String targetId,
                          UUID deviceId, UUID userId, String result, String requestId, String cause,
                          String details, String previousHash, String hash) {

    /** The hash of the record before the first. */
    public static final String GENESIS = "0".repeat(64);

    /** This record with its chain link: the hash over its content and the previous record's hash. */
    public AuditRecord chainedTo(long newPosition, String previous) {
        AuditRecord unchained = new AuditRecord(tenantId, newPosition, eventId, occurredAt, actorType, actor, action,
                summary, targetType, targetId, deviceId, userId, result, requestId, cause, details, previous, null);
        return new AuditRecord(tenantId, newPosition, eventId, occurredAt, actorType, actor, action, summary,
                targetType, targetId, deviceId, userId, result, requestId, cause, details, previous,
                unchained.computeHash());
    }

    /**
     * SHA-256 over every field but the hash itself, each written as its length and value, so no
     * two different records share an input.
     */
    public String computeHash() {
        StringBuilder canonical = new StringBuilder();
        for (Object field : new Object[]{tenantId, position, eventId, occurredAt, actorType, actor, action, summary,
                targetType, targetId, deviceId, userId, result, requestId, cause, details, previousHash}) {
            String text = field == null ? null : field.toString();
            canonical.append(text == null ? "-" : text.length() + ":" + text).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
