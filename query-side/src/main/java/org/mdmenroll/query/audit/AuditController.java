package org.mdmenroll.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.query.audit.AuditTrail.Filter;
import org.mdmenroll.query.audit.AuditTrail.Format;
import org.mdmenroll.query.audit.AuditTrail.Page;
import org.mdmenroll.query.audit.AuditTrail.Verification;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant's audit trail for auditors and admins: read, export, verify, and its signed
 * checkpoints. Only signing a checkpoint (and an export, which signs one) adds anything.
 */
@RestController
@Tag(name = "Audit", description = "Every event of the tenant as time, actor, action, target and details; "
        + "CSV and JSON Lines exports; hash-chain verification against signed checkpoints.")
public class AuditController {

    private final AuditTrail trail;
    private final AuditResponses responses;

    AuditController(AuditTrail trail, AuditResponses responses) {
        this.trail = trail;
        this.responses = responses;
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

    // no 'produces': a refused export (bad filter) answers problem+json whatever the client accepts
    @GetMapping("/api/audit/export.csv")
    @Operation(summary = "The same selection as CSV, oldest first, streamed, ending with its checkpoints",
            description = "Signs a checkpoint of the tenant's head first if it moved (see POST /api/audit/checkpoints), "
                    + "exports the records up to it in position order, and ends with '#' comment lines: the tenant's "
                    + "checkpoints up to it and a closing line (JSON, as in the JSON Lines export). Cells a "
                    + "spreadsheet would run as a formula are prefixed with ', so the CSV is for reading; verify "
                    + "the JSON Lines export. Problems: 400 invalid-time-range, 400 malformed-request.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv")))
    public ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) UUID deviceId, @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) String action) {
        return responses.export(filter(account, from, to, actor, deviceId, userId, action), Format.CSV);
    }

    @GetMapping("/api/audit/export.jsonl")
    @Operation(summary = "The same selection as JSON Lines (for SIEMs and the offline verifier), streamed",
            description = "One JSON object a line: each record ({\"type\":\"record\"}, with position, previousHash, "
                    + "hash and every hashed field), oldest first, then the tenant's checkpoints up to the one "
                    + "covering the export ({\"type\":\"checkpoint\"}), then a closing line ({\"type\":\"export\"}, "
                    + "chainVerifiable false for a filtered export). Signs a checkpoint of the head first if it "
                    + "moved. Problems: 400 invalid-time-range, 400 malformed-request.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/x-ndjson")))
    public ResponseEntity<StreamingResponseBody> exportJsonLines(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) UUID deviceId, @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) String action) {
        return responses.export(filter(account, from, to, actor, deviceId, userId, action), Format.JSON_LINES);
    }

    @GetMapping("/api/audit/verify")
    @Operation(summary = "Recompute the tenant's hash chain and check it against a signed checkpoint",
            description = "valid, records checked, the first broken position, and the check against the latest "
                    + "checkpoint (or the one at ?checkpoint=<position>): each checkpoint up to it signed by the "
                    + "query side's key and chained to the one before, and the record at each one's position "
                    + "holding the hash it signed. 'checkpoint' is null while the tenant has none. Problems: "
                    + "404 unknown-audit-checkpoint, 400 invalid-checkpoint, 400 malformed-request, "
                    + "409 audit-signing-key-unavailable.")
    public Verification verify(@AuthenticationPrincipal AccountPrincipal account,
            @Parameter(description = "The position of the checkpoint to verify against; the latest if absent")
            @RequestParam(required = false) Long checkpoint) {
        return responses.verify(account.tenantId().value(), checkpoint);
    }

    @PostMapping("/api/audit/checkpoints")
    @Operation(summary = "Sign a checkpoint of the tenant's chain head now (201), or answer the latest (200) if the "
            + "head has not moved",
            description = "The checkpoint names the tenant, the head's position and hash, the time and the previous "
                    + "checkpoint's hash, signed with Ed25519 by the query side's key (GET /api/audit/signing-key). "
                    + "The records since the previous checkpoint must extend it. Checkpoints are also signed on a "
                    + "schedule (mdm.audit.checkpoint-interval) and by every export. Problems: "
                    + "409 audit-trail-empty, 409 audit-trail-behind-checkpoint (a rebuild is under way), "
                    + "409 audit-chain-broken, 409 audit-signing-key-unavailable.")
    public ResponseEntity<AuditCheckpoint> checkpoint(@AuthenticationPrincipal AccountPrincipal account) {
        return responses.sign(account.tenantId().value());
    }

    @GetMapping("/api/audit/checkpoints")
    @Operation(summary = "The tenant's signed checkpoints, newest first, cursor paged",
            description = "Problems: 400 invalid-cursor, 400 malformed-request.")
    public AuditResponses.CheckpointPage checkpoints(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return responses.checkpoints(account.tenantId().value(), cursor, limit);
    }

    @GetMapping("/api/audit/signing-key")
    @Operation(summary = "The public key (PEM, Ed25519) that verifies the audit checkpoints",
            description = "Made on first need; keep a copy outside the system to verify exports offline. "
                    + "Header X-Key-Id: the SHA-256 of the key's SubjectPublicKeyInfo, as checkpoints name it. "
                    + "Problems: 409 audit-signing-key-unavailable.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/x-pem-file")))
    public ResponseEntity<String> signingKey() {
        return responses.signingKey();
    }

    private static Filter filter(AccountPrincipal account, Instant from, Instant to, String actor, UUID deviceId,
            UUID userId, String action) {
        return AuditResponses.filter(account.tenantId().value(), from, to, actor, deviceId, userId, action);
    }
}
