package org.mdmenroll.command.apple.pki;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;

/**
 * The tenant's SCEP server (RFC 8894) where devices get their identity certificates: GetCACaps,
 * GetCACert (the tenant CA, which is also the recipient of requests: no separate RA) and
 * PKIOperation by GET ({@code message}, base64) or POST (the DER body).
 */
@RestController
@Tag(name = "SCEP", description = "RFC 8894 SCEP: identity certificates for Apple devices from the tenant CA.")
public class ScepController {

    static final String PKI_MESSAGE = "application/x-pki-message";
    static final String CA_CERTIFICATE = "application/x-x509-ca-cert";
    /** What this server does: POST, SHA-256, AES, RFC 8894 and renewal with the current certificate. */
    static final String CAPABILITIES = "POSTPKIOperation\nSHA-256\nAES\nSCEPStandard\nRenewal\n";

    private final TenantPki pki;
    private final ScepService scep;

    public ScepController(TenantPki pki, ScepService scep) {
        this.pki = pki;
        this.scep = scep;
    }

    @GetMapping("/t/{tenant}/scep")
    @Operation(summary = "SCEP GetCACaps, GetCACert, or PKIOperation with a base64 message",
            description = "A readable SCEP request is always answered 200 with a CertRep (SUCCESS or FAILURE with "
                    + "failInfo); a message that is not SCEP at all is a 400 problem.")
    public ResponseEntity<byte[]> get(@RequestParam(required = false) String operation,
            @RequestParam(required = false) String message, TenantEntry tenant) {
        if ("PKIOperation".equals(operation)) {
            return pkiOperation(tenant, base64(message));
        }
        return operation(tenant, operation);
    }

    @PostMapping("/t/{tenant}/scep")
    @Operation(summary = "SCEP PKIOperation with the pkiMessage as body (application/x-pki-message)")
    public ResponseEntity<byte[]> post(@RequestParam(required = false) String operation,
            @RequestBody(required = false) byte[] body, TenantEntry tenant) {
        if ("PKIOperation".equals(operation)) {
            return pkiOperation(tenant, body == null ? new byte[0] : body);
        }
        return operation(tenant, operation);
    }

    private ResponseEntity<byte[]> operation(TenantEntry tenant, String operation) {
        if ("GetCACaps".equals(operation)) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                    .body(CAPABILITIES.getBytes(StandardCharsets.US_ASCII));
        }
        if ("GetCACert".equals(operation)) {
            try {
                return ResponseEntity.ok().contentType(MediaType.parseMediaType(CA_CERTIFICATE))
                        .body(pki.caCertificate(tenant.tenantId()).getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw Refusal.invalid("unknown-scep-operation",
                "operation must be GetCACaps, GetCACert or PKIOperation (RFC 8894).");
    }

    private ResponseEntity<byte[]> pkiOperation(TenantEntry tenant, byte[] message) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PKI_MESSAGE))
                .body(scep.pkiOperation(tenant, message));
    }

    /** A query parameter's '+' may arrive as a space when the client did not percent-encode it. */
    private static byte[] base64(String message) {
        try {
            return Base64.getMimeDecoder().decode(message == null ? "" : message.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("malformed-pki-message", "message is not base64.");
        }
    }
}
