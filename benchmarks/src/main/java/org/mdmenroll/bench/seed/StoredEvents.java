package org.mdmenroll.bench.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.mdmenroll.support.axon.MessageSerialization;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Makes seeded events in the services' stored form: the event record serialised by their message
 * mapper, the audit metadata commands give them, timestamps a few seconds apart on a clock of its own.
 */
final class StoredEvents {

    private final JsonMapper json = MessageSerialization.messageMapper();
    private final Random random;
    private Instant clock;

    StoredEvents(Random random, Instant start) {
        this.random = random;
        this.clock = start;
    }

    Random random() {
        return random;
    }

    Instant clock() {
        return clock;
    }

    /** The audit metadata a command of {@code actor} gives its events. */
    Map<String, String> metadata(String actorType, String actor) {
        String trace = UUID.randomUUID().toString();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("actor", actor);
        metadata.put("traceId", trace);
        metadata.put("actorType", actorType);
        metadata.put("correlationId", trace);
        metadata.put("requestId", UUID.randomUUID().toString());
        return metadata;
    }

    /** The next event on the clock (1 ms to 3 s after the previous one). */
    StoredEvent event(String aggregateId, long sequence, String aggregateType, Object payload,
            Map<String, String> metadata) {
        clock = clock.plusMillis(1 + random.nextInt(3000));
        try {
            return new StoredEvent(UUID.randomUUID().toString(), aggregateId, sequence, aggregateType, clock.toString(),
                    payload.getClass().getName(), json.writeValueAsBytes(payload), json.writeValueAsBytes(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        StringBuilder text = new StringBuilder();
        for (byte b : value) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }

    /**
     * Looks like a SecretBox-sealed value of {@code bytes} (purpose-bound AES-GCM: {@code v1.} and
     * base64url of IV, ciphertext and tag); nothing reads it back.
     */
    String sealed(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
