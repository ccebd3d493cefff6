package org.mdmenroll.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The lines of an audit export as JSON objects, one a line (README "Audit checkpoints"): every
 * record with all its hashed fields ({@code "type":"record"}), then the checkpoints that cover the
 * export ({@code "type":"checkpoint"}), then one closing line ({@code "type":"export"}). The JSON
 * Lines export is these lines; the CSV export ends with the same trailer lines as '#' comments.
 * {@link AuditExportVerifier} reads them back with nothing but the JDK.
 */
final class AuditExportLines {

    static final String FORMAT = "mdmenroll-audit-export-v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditExportLines() {
    }

    static String record(AuditRecord r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "record");
        line.put("tenantId", text(r.tenantId()));
        line.put("position", r.position());
        line.put("eventId", r.eventId());
        line.put("occurredAt", text(r.occurredAt()));
        line.put("actorType", r.actorType());
        line.put("actor", r.actor());
        line.put("action", r.action());
        line.put("summary", r.summary());
        line.put("targetType", r.targetType());
        line.put("targetId", r.targetId());
        line.put("deviceId", text(r.deviceId()));
        line.put("userId", text(r.userId()));
        line.put("result", r.result());
        line.put("requestId", r.requestId());
        line.put("cause", r.cause());
        line.put("details", r.details());
        line.put("previousHash", r.previousHash());
        line.put("hash", r.hash());
        return write(line);
    }

    static String checkpoint(AuditCheckpoint c) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "checkpoint");
        line.put("tenantId", text(c.tenantId()));
        line.put("position", c.position());
        line.put("headHash", c.headHash());
        line.put("signedAt", text(c.signedAt()));
        line.put("previousCheckpointHash", c.previousCheckpointHash());
        line.put("hash", c.hash());
        line.put("algorithm", AuditCheckpoint.ALGORITHM);
        line.put("keyId", c.keyId());
        line.put("signature", c.signature());
        return write(line);
    }

    static String end(UUID tenantId, boolean complete, long records, long lastPosition, AuditTrail.Coverage coverage) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "export");
        line.put("format", FORMAT);
        line.put("tenantId", tenantId.toString());
        line.put("exportedAt", Instant.now().toString());
        line.put("filtered", !complete);
        line.put("records", records);
        line.put("lastPosition", records == 0 ? null : lastPosition);
        line.put("checkpoint", coverage.checkpoint() == null ? null : coverage.checkpoint().position());
        boolean verifiable = complete && coverage.checkpoint() != null;
        line.put("chainVerifiable", verifiable);
        line.put("note", !complete
                ? "A filtered export holds only some records: its chain cannot be recomputed. Export without "
                + "filters to verify the trail."
                : coverage.checkpoint() == null ? "No checkpoint covers this export: " + coverage.unsignedReason()
                : "Every record of the tenant up to the checkpoint at position " + coverage.checkpoint().position()
                + ", oldest first, then the tenant's checkpoints up to it.");
        return write(line);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
