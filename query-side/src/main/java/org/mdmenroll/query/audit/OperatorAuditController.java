package org.mdmenroll.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.query.audit.AuditTrail.Format;
import org.mdmenroll.query.audit.AuditTrail.Page;
import org.mdmenroll.query.audit.AuditTrail.Verification;
import org.mdmenroll.support.web.Cursor;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;

/**
 * The operators' audit trail ({@link OperatorTrail}) for operators only: read, export, verify, and its
 * checkpoints, as a tenant's trail is for its auditors. QuerySideSecurity keeps everyone else out.
 */
@RestController
@Tag(name = "Operator audit", description = "What operators and the system do outside any tenant (operator "
        + "accounts, tenant and account creation, password changes), with its own hash chain and checkpoints; "
        + "operators only.")
public class OperatorAuditController {

    private final AuditTrail trail;
    private final AuditResponses responses;

    OperatorAuditController(AuditTrail trail, AuditResponses responses) {
        this.trail = trail;
        this.responses = responses;
    }

    @GetMapping("/api/operator-audit")
    @Operation(summary = "The operators' audit trail, newest first; filters combine; 'to' is exclusive",
            description = "Problems: 400 invalid-cursor, 400 invalid-time-range, 400 malformed-request, 403 forbidden "
                    + "(not an operator).")
    public Page audit(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @Parameter(description = "An account's username or a system process")
            @RequestParam(required = false) String actor,
            @Parameter(description = "An event name, e.g. TenantCreated")
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return trail.page(AuditResponses.filter(OperatorTrail.ID, from, to, actor, null, null, action), cursor,
                Cursor.limit(limit));
    }

    @GetMapping("/api/operator-audit/export.csv")
    @Operation(summary = "The operators' trail as CSV, oldest first, ending with its checkpoints",
            description = "As GET /api/audit/export.csv. Problems: 400 invalid-time-range, 400 malformed-request.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv")))
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action) {
        return responses.export(AuditResponses.filter(OperatorTrail.ID, from, to, actor, null, null, action),
                Format.CSV);
    }

    @GetMapping("/api/operator-audit/export.jsonl")
    @Operation(summary = "The operators' trail as JSON Lines, ending with its checkpoints",
            description = "As GET /api/audit/export.jsonl; the trail id in every line is the nil UUID. Problems: "
                    + "400 invalid-time-range, 400 malformed-request.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/x-ndjson")))
    public ResponseEntity<StreamingResponseBody> exportJsonLines(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action) {
        return responses.export(AuditResponses.filter(OperatorTrail.ID, from, to, actor, null, null, action),
                Format.JSON_LINES);
    }

    @GetMapping("/api/operator-audit/verify")
    @Operation(summary = "Recompute the operators' chain and check it against a signed checkpoint",
            description = "As GET /api/audit/verify. Problems: 404 unknown-audit-checkpoint, 400 invalid-checkpoint, "
                    + "400 malformed-request, 409 audit-signing-key-unavailable.")
    public Verification verify(
            @Parameter(description = "The position of the checkpoint to verify against; the latest if absent")
            @RequestParam(required = false) Long checkpoint) {
        return responses.verify(OperatorTrail.ID, checkpoint);
    }

    @PostMapping("/api/operator-audit/checkpoints")
    @Operation(summary = "Sign a checkpoint of the operators' chain head now (201), or answer the latest (200)",
            description = "As POST /api/audit/checkpoints. Problems: 409 audit-trail-empty, "
                    + "409 audit-trail-behind-checkpoint, 409 audit-chain-broken, 409 audit-signing-key-unavailable.")
    public ResponseEntity<AuditCheckpoint> checkpoint() {
        return responses.sign(OperatorTrail.ID);
    }

    @GetMapping("/api/operator-audit/checkpoints")
    @Operation(summary = "The operators' trail's checkpoints, newest first, cursor paged",
            description = "Problems: 400 invalid-cursor, 400 malformed-request.")
    public AuditResponses.CheckpointPage checkpoints(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return responses.checkpoints(OperatorTrail.ID, cursor, limit);
    }

    @GetMapping("/api/operator-audit/signing-key")
    @Operation(summary = "The public key (PEM, Ed25519) that verifies the audit checkpoints (the same key as the "
            + "tenants' trails)", description = "Problems: 409 audit-signing-key-unavailable.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/x-pem-file")))
    public ResponseEntity<String> signingKey() {
        return responses.signingKey();
    }
}
