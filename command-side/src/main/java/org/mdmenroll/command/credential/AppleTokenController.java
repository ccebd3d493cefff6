package org.mdmenroll.command.credential;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.CredentialCommands.AdeTokenState;
import org.mdmenroll.command.credential.CredentialCommands.DecryptAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RenewAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RenewVppToken;
import org.mdmenroll.command.credential.CredentialCommands.RequestAdePublicKey;
import org.mdmenroll.command.credential.CredentialCommands.UploadAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadVppToken;
import org.mdmenroll.command.credential.CredentialCommands.VppTokenState;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The tenant's Enrollment Program (ADE) and Volume Purchase Program (VPP) tokens, several of each:
 * the public key Apple encrypts ADE tokens to, uploads and renewals.
 */
@RestController
@Tag(name = "Apple credentials", description = "ADE server tokens (decrypted with the tenant's key) and VPP tokens.")
public class AppleTokenController {

    private final CommandGateway commands;
    private final TenantDirectory tenants;

    public AppleTokenController(CommandGateway commands, TenantDirectory tenants) {
        this.commands = commands;
        this.tenants = tenants;
    }

    @GetMapping(path = "/api/apple/ade/public-key", produces = "application/x-pem-file")
    @Operation(summary = "The certificate (PEM) to upload to the MDM server in Apple Business Manager; the key pair "
            + "is made on first need and its private key stays here, encrypted")
    public ResponseEntity<String> publicKey(@AuthenticationPrincipal AccountPrincipal admin) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        String pem = commands.sendAndWait(new RequestAdePublicKey(CredentialCommands.adeKeyPairOf(tenant.tenantId()),
                tenant.tenantId(), tenant.name()));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ade-public-key.pem\"")
                .body(pem);
    }

    @PostMapping(path = "/api/apple/ade/tokens", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload an ADE server token (part 'token', the .p7m from Apple Business Manager) with the "
            + "Apple ID of its account")
    public AdeTokenState uploadAde(@AuthenticationPrincipal AccountPrincipal admin,
            @RequestPart("token") MultipartFile token, @RequestParam(required = false) String appleId) {
        AdeServerToken decrypted = decrypt(admin.tenantId(), bytes(token, "invalid-ade-token"));
        return commands.sendAndWait(new UploadAdeToken(CredentialId.random(), admin.tenantId(), appleId, decrypted));
    }

    @PostMapping(path = "/api/apple/ade/tokens/{tokenId}/renewal", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Replace an ADE server token with a new .p7m; it expires when the new token does")
    public AdeTokenState renewAde(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable String tokenId,
            @RequestPart("token") MultipartFile token) {
        CredentialId id = tokenId(tokenId, AdeToken.notFound());
        AdeServerToken decrypted = decrypt(admin.tenantId(), bytes(token, "invalid-ade-token"));
        return existing(AdeToken.notFound(),
                () -> commands.sendAndWait(new RenewAdeToken(id, admin.tenantId(), decrypted)));
    }

    @PostMapping(path = "/api/apple/vpp/tokens", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload a VPP content token (part 'token', the .vpptoken) for a location or department")
    public VppTokenState uploadVpp(@AuthenticationPrincipal AccountPrincipal admin,
            @RequestPart("token") MultipartFile token, @RequestParam(required = false) String location) {
        return commands.sendAndWait(new UploadVppToken(CredentialId.random(), admin.tenantId(), location,
                bytes(token, "invalid-vpp-token")));
    }

    @PostMapping(path = "/api/apple/vpp/tokens/{tokenId}/renewal", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Replace a VPP content token with a new .vpptoken; it expires when the new token does")
    public VppTokenState renewVpp(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable String tokenId,
            @RequestPart("token") MultipartFile token) {
        CredentialId id = tokenId(tokenId, VppToken.notFound());
        byte[] upload = bytes(token, "invalid-vpp-token");
        return existing(VppToken.notFound(),
                () -> commands.sendAndWait(new RenewVppToken(id, admin.tenantId(), upload)));
    }

    /** Before the public key was fetched, no token can have been encrypted to it. */
    private AdeServerToken decrypt(TenantId tenantId, byte[] p7m) {
        return existing(Refusal.conflict("no-ade-public-key", "Download the public key (GET /api/apple/ade/public-key), "
                        + "upload it to the MDM server in Apple Business Manager and download its token first."),
                () -> commands.sendAndWait(new DecryptAdeToken(CredentialCommands.adeKeyPairOf(tenantId), p7m)));
    }

    /**
     * Sends a command to a token named by the caller: {@code otherwise} when no aggregate has that
     * id, and also when the id names an aggregate of another kind (a user, an Android enrollment
     * token, a VPP token on an ADE path): Axon then finds events but none that make the aggregate
     * ({@link IncompatibleAggregateException}), and that is the same "no such token" to the caller.
     */
    static <T> T existing(Refusal otherwise, Supplier<T> command) {
        try {
            return command.get();
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw otherwise;
        }
    }

    static CredentialId tokenId(String value, Refusal notFound) {
        try {
            return CredentialId.of(value);
        } catch (IllegalArgumentException e) {
            throw notFound;
        }
    }

    private static byte[] bytes(MultipartFile file, String problem) {
        try {
            if (file.isEmpty()) {
                throw Refusal.invalid(problem, "The token part is empty.");
            }
            return file.getBytes();
        } catch (IOException e) {
            throw Refusal.invalid(problem, "The token part could not be read.");
        }
    }
}
