package org.mdmenroll.query.audit;

import org.mdmenroll.query.audit.AuditTrail.Filter;
import org.mdmenroll.query.audit.AuditTrail.Format;
import org.mdmenroll.query.audit.AuditTrail.Verification;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the tenants' and the operators' audit endpoints answer alike, for one trail id. */
@Component
public class AuditResponses {

    private final AuditTrail trail;
    private final AuditCheckpoints checkpoints;
    private final AuditSigningKey key;

    AuditResponses(AuditTrail trail, AuditCheckpoints checkpoints, AuditSigningKey key) {
        this.trail = trail;
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** A page of checkpoints, newest first. */
    public record CheckpointPage(List<AuditCheckpoint> items, String nextCursor) {
    }

    static Filter filter(UUID trailId, Instant from, Instant to, String actor, UUID deviceId, UUID userId,
            String action) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw Refusal.invalid("invalid-time-range", "'from' must be before 'to'.");
        }
        return new Filter(trailId, from, to, actor, deviceId, userId, action);
    }

    ResponseEntity<StreamingResponseBody> export(Filter filter, Format format) {
        AuditTrail.Coverage coverage = trail.coverage(filter.tenantId());
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            trail.export(filter, format, coverage, writer);
            writer.flush();
        };
        MediaType type = format == Format.CSV ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                : new MediaType("application", "x-ndjson", StandardCharsets.UTF_8);
        String name = format == Format.CSV ? "audit.csv" : "audit.jsonl";
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(body);
    }

    Verification verify(UUID trailId, Long checkpoint) {
        if (checkpoint != null && checkpoint < 1) {
            throw Refusal.invalid("invalid-checkpoint", "'checkpoint' is a checkpoint's position, 1 or more.");
        }
        return trail.verify(trailId, checkpoint);
    }

    ResponseEntity<AuditCheckpoint> sign(UUID trailId) {
        AuditCheckpoints.Signed signed = checkpoints.sign(trailId);
        return ResponseEntity.status(signed.created() ? 201 : 200).body(signed.checkpoint());
    }

    CheckpointPage checkpoints(UUID trailId, String cursor, Integer limit) {
        int size = Cursor.limit(limit);
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(Cursor.decode(cursor, 1).get(0));
            } catch (NumberFormatException e) {
                throw Cursor.invalid();
            }
        }
        List<AuditCheckpoint> rows = checkpoints.page(trailId, before, size + 1);
        if (rows.size() <= size) {
            return new CheckpointPage(rows, null);
        }
        List<AuditCheckpoint> items = List.copyOf(rows.subList(0, size));
        return new CheckpointPage(items, Cursor.encode(Long.toString(items.get(size - 1).position())));
    }

    ResponseEntity<String> signingKey() {
        return ResponseEntity.ok()
                .contentType(new MediaType("application", "x-pem-file", StandardCharsets.US_ASCII))
                .header("X-Key-Id", key.keyId())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-signing-key.pem\"")
                .body(key.publicKeyPem());
    }
}
