package org.mdmenroll.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.query.audit.AuditTrail.Filter;
import org.mdmenroll.query.audit.AuditTrail.Page;
import org.mdmenroll.query.audit.AuditTrail.Verification;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The tenant's audit trail for auditors and admins: read, export, verify. Nothing here changes anything. */
@RestController
@Tag(name = "Audit", description = "Every event of the tenant as time, actor, action, target and details; "
        + "CSV export; hash-chain verification.")
public class AuditController {

    private final AuditTrail trail;

    public AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/api/audit")
    @Operation(summary = "The audit trail, newest first; filters combine; 'to' is exclusive")
    public Page audit(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @Parameter(description = "An account's username, a user's or device's id, or a system process")
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) UUID deviceId, @RequestParam(required = false) UUID userId,
            @Parameter(description = "An event name, e.g. DeviceEnrolled")
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return trail.page(filter(account, from, to, actor, deviceId, userId, action), cursor, Cursor.limit(limit));
    }

    @GetMapping(path = "/api/audit/export.csv", produces = "text/csv")
    @Operation(summary = "The same selection as CSV, streamed (any length, constant memory)")
    public ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) UUID deviceId, @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) String action) {
        Filter filter = filter(account, from, to, actor, deviceId, userId, action);
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            trail.exportCsv(filter, writer);
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"")
                .body(body);
    }

    @GetMapping("/api/audit/verify")
    @Operation(summary = "Recompute the tenant's hash chain: valid, records checked, and the first broken position")
    public Verification verify(@AuthenticationPrincipal AccountPrincipal account) {
        return trail.verify(account.tenantId().value());
    }

    private static Filter filter(AccountPrincipal account, Instant from, Instant to, String actor, UUID deviceId,
            UUID userId, String action) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw Refusal.invalid("invalid-time-range", "'from' must be before 'to'.");
        }
        return new Filter(account.tenantId().value(), from, to, actor, deviceId, userId, action);
    }
}
