package org.mdmenroll.command.credential;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.mdmenroll.command.credential.CredentialCommands.ImportPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.PushCertificateState;
import org.mdmenroll.command.credential.CredentialCommands.RenewPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.RequestPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.UploadPushCertificate;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.util.function.Supplier;

/** The tenant's MDM push certificate: CSR, first upload, yearly renewal (same topic, or refused), import from another MDM. */
@RestController
@Tag(name = "Apple credentials", description = "MDM push certificate: CSR, upload and renewal that keeps the topic.")
public class PushCertificateController {

    private final CommandGateway commands;
    private final TenantDirectory tenants;
    private final VendorSignedRequests vendorSigning;

    public PushCertificateController(CommandGateway commands, TenantDirectory tenants,
            VendorSignedRequests vendorSigning) {
        this.commands = commands;
        this.tenants = tenants;
        this.vendorSigning = vendorSigning;
    }

    @GetMapping(path = "/api/apple/push-certificate/csr",
            produces = {"application/x-pem-file", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(summary = "The certificate signing request to send to Apple (a new key pair unless one is pending); "
            + "the private key stays here, encrypted. format=apple-request: Apple's push certificate request signed "
            + "by the configured MDM vendor certificate, base64, for https://identity.apple.com/pushcert",
            description = "format=pem (default): the CSR, to have signed elsewhere. format=apple-request: the plist "
                    + "PushCertRequestCSR / PushCertCertificateChain / PushCertSignature, base64; 409 "
                    + "no-vendor-certificate when this server has no vendor certificate configured (the detail says "
                    + "where to get the CSR signed instead). Another format: 400 unknown-csr-format.")
    public ResponseEntity<String> csr(@AuthenticationPrincipal AccountPrincipal admin,
            @RequestParam(defaultValue = "pem") String format) {
        if (!format.equals("pem") && !format.equals("apple-request")) {
            throw Refusal.invalid("unknown-csr-format", "format is pem (the CSR) or apple-request (signed by the "
                    + "server's MDM vendor certificate).");
        }
        if (format.equals("apple-request")) {
            vendorSigning.requireConfigured(); // before a key pair is made for nothing
        }
        TenantEntry tenant = tenants.require(admin.tenantId());
        String csr = commands.sendAndWait(new RequestPushCertificate(
                CredentialCommands.pushCertificateOf(tenant.tenantId()), tenant.tenantId(), tenant.name()));
        if (format.equals("apple-request")) {
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_PLAIN)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"PushCertificateRequest\"")
                    .body(vendorSigning.sign(csr));
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mdm-push.csr\"")
                .body(csr);
    }

    @PostMapping(path = "/api/apple/push-certificate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload the first push certificate Apple issued for the CSR (part 'certificate', PEM or DER)")
    public PushCertificateState upload(@AuthenticationPrincipal AccountPrincipal admin,
            @RequestPart("certificate") MultipartFile certificate) {
        return afterCsr(() -> commands.sendAndWait(new UploadPushCertificate(
                CredentialCommands.pushCertificateOf(admin.tenantId()), bytes(certificate))));
    }

    @PostMapping(path = "/api/apple/push-certificate/renewal", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Renew: the certificate must keep the topic (409 push-topic-mismatch explains why) unless "
            + "confirmTopicChange=true, which is recorded and means every device re-enrolls; expires a year from now")
    public PushCertificateState renew(@AuthenticationPrincipal AccountPrincipal admin,
            @RequestPart("certificate") MultipartFile certificate,
            @RequestParam(defaultValue = "false") boolean confirmTopicChange) {
        return afterCsr(() -> commands.sendAndWait(new RenewPushCertificate(
                CredentialCommands.pushCertificateOf(admin.tenantId()), bytes(certificate), confirmTopicChange)));
    }

    @PostMapping(path = "/api/apple/push-certificate/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import the push certificate and private key an organisation used with another MDM, keeping "
            + "its topic so its devices need not re-enroll (parts 'certificate' + 'privateKey', PEM or DER, or "
            + "'pkcs12' + 'password')",
            description = "The private key is kept only sealed; the certificate expires at its notAfter. Over an installed "
                    + "certificate of the same topic it replaces it; of another topic it is refused (409 "
                    + "push-topic-mismatch) unless confirmTopicChange=true, which is recorded and means every device "
                    + "re-enrolls. Problem types (400, nothing recorded): invalid-import (wrong parts), "
                    + "invalid-certificate, not-an-mdm-push-certificate, invalid-private-key, invalid-pkcs12, "
                    + "wrong-password, pkcs12-without-key, certificate-key-mismatch (the key is another "
                    + "certificate's), certificate-expired.")
    public PushCertificateState importCertificate(@AuthenticationPrincipal AccountPrincipal admin,
            @RequestPart(name = "certificate", required = false) MultipartFile certificate,
            @RequestPart(name = "privateKey", required = false) MultipartFile privateKey,
            @RequestPart(name = "pkcs12", required = false) MultipartFile pkcs12,
            @RequestParam(name = "password", required = false) String password,
            @RequestParam(defaultValue = "false") boolean confirmTopicChange) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        PushCertificateFiles.ImportFiles files = new PushCertificateFiles.ImportFiles(optional(certificate, "certificate"),
                optional(privateKey, "privateKey"), optional(pkcs12, "pkcs12"), password);
        return commands.sendAndWait(new ImportPushCertificate(CredentialCommands.pushCertificateOf(tenant.tenantId()),
                tenant.tenantId(), files, confirmTopicChange));
    }

    /** Before the first CSR the tenant has no push certificate record at all. */
    private static PushCertificateState afterCsr(Supplier<PushCertificateState> upload) {
        try {
            return upload.get();
        } catch (AggregateNotFoundException e) {
            throw Refusal.conflict("no-certificate-request",
                    "Get the certificate signing request (GET /api/apple/push-certificate/csr) and have Apple sign it first.");
        }
    }

    /** An import part's bytes, or null when it was not sent. */
    private static byte[] optional(MultipartFile file, String part) {
        if (file == null) {
            return null;
        }
        try {
            if (file.isEmpty()) {
                throw Refusal.invalid("invalid-import", "The '" + part + "' part is empty.");
            }
            return file.getBytes();
        } catch (IOException e) {
            throw Refusal.invalid("invalid-import", "The '" + part + "' part could not be read.");
        }
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            if (file.isEmpty()) {
                throw Refusal.invalid("invalid-certificate", "The certificate part is empty.");
            }
            return file.getBytes();
        } catch (IOException e) {
            throw Refusal.invalid("invalid-certificate", "The certificate part could not be read.");
        }
    }
}
