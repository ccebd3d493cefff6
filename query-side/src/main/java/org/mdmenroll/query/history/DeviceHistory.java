package org.mdmenroll.query.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A device entry's events, oldest first, as they are stored in the event store. */
public record DeviceHistory(List<HistoryEntry> items) {

    /**
     * One event: its sequence number within the entry, its type (the event's simple class name), when
     * it was stored, who caused it (the audit metadata; null for events older than that metadata) and
     * the event itself without secrets.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HistoryEntry(long sequence, String type, Instant timestamp,
                        @Schema(description = "ACCOUNT, USER, DEVICE, SYSTEM or ANONYMOUS", nullable = true)
                        String actorType,
                        @Schema(description = "Account username, user or device id, or system process", nullable = true)
                        String actor,
                        @Schema(nullable = true) String requestId,
                        @Schema(description = "For system actions, what caused them", nullable = true)
                        String cause,
                        @Schema(description = "The event as JSON; hashes, sealed values, secrets, passwords, "
                                + "PINs and tokens left out", implementation = Object.class)
                        JsonNode payload) {
    }
}
