package org.mdmenroll.command.android;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.android.AndroidCommands.CreateEnrollmentToken;
import org.mdmenroll.command.android.AndroidCommands.RevokeEnrollmentToken;
import org.mdmenroll.command.qr.QrCodes;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.EnrollmentSessions;
import org.mdmenroll.command.user.UserDirectory;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Admins create Android enrollment tokens and show their provisioning QR codes. The token is shown
 * once in the answer; the server keeps its SHA-256 (to recognise it) and a sealed copy (to draw
 * the QR code again while the token can still be used).
 */
@RestController
@Tag(name = "Android enrollment", description = "Provisioning settings, enrollment tokens and their QR codes.")
public class EnrollmentTokenController {

    private final CommandGateway commands;
    private final TenantDirectory tenants;
    private final UserDirectory users;
    private final EnrollmentTokens tokens;
    private final AndroidProvisioningSettings provisioning;
    private final EnrollmentSessions sessions;
    private final SecretBox secrets;
    private final Clock clock;

    public EnrollmentTokenController(CommandGateway commands, TenantDirectory tenants, UserDirectory users,
            EnrollmentTokens tokens, AndroidProvisioningSettings provisioning, EnrollmentSessions sessions,
            SecretBox secrets, Clock clock) {
        this.commands = commands;
        this.tenants = tenants;
        this.users = users;
        this.tokens = tokens;
        this.provisioning = provisioning;
        this.sessions = sessions;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** {@code userId}: the user every device enrolled with the token belongs to; without it, users log in on the device. */
    public record TokenRequest(UserId userId, @NotNull Boolean oneTime, @NotNull Duration validFor) {
    }

    /** {@code token} and {@code qrContent} (the provisioning JSON the QR code holds) are shown only here. */
    public record TokenResponse(EnrollmentTokenId tokenId, String token, String qrContent, Instant expiresAt,
                                String qrCodeUrl) {
        @Override
        public String toString() {
            return "TokenResponse[tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
        }
    }

    @PostMapping("/api/android/enrollment-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an Android enrollment token and its provisioning QR content (409 without the "
            + "tenant's Android provisioning settings)")
    public TokenResponse create(@AuthenticationPrincipal AccountPrincipal admin, @Valid @RequestBody TokenRequest request) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        if (request.userId() != null) {
            users.requireInTenant(tenant.tenantId(), request.userId());
        }
        AndroidProvisioning settings = provisioning.require(tenant.tenantId());
        String token = sessions.newToken();
        EnrollmentTokenId tokenId = EnrollmentTokenId.random();
        Instant expiresAt = commands.sendAndWait(new CreateEnrollmentToken(tokenId, tenant.tenantId(),
                request.userId(), request.oneTime(), request.validFor(), EnrollmentSessions.hash(token),
                secrets.seal(SecretPurpose.ANDROID_ENROLLMENT_TOKEN, token)));
        return new TokenResponse(tokenId, token, ProvisioningQrContent.render(tenant, settings, token, secrets),
                expiresAt, "/api/android/enrollment-tokens/" + tokenId + "/qr.png");
    }

    /**
     * Drawn from the current provisioning settings and the sealed token, while the token can still
     * be used; an expired, revoked or used one-time token has no QR code any more (410).
     */
    @GetMapping(path = "/api/android/enrollment-tokens/{tokenId}/qr.png", produces = QrCodes.PNG)
    @Operation(summary = "The enrollment token's provisioning QR code (PNG) while the token can still be used")
    public ResponseEntity<byte[]> qrCode(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable EnrollmentTokenId tokenId) {
        TenantEntry tenant = tenants.require(admin.tenantId());
        EnrollmentTokens.Entry entry = tokens.require(tenant.tenantId(), tokenId);
        if (entry.revoked()) {
            throw gone("enrollment-token-revoked", "This enrollment token was revoked.");
        }
        if (entry.sealedToken() == null) {
            throw gone("enrollment-token-already-used", "This one-time enrollment token was already used.");
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            throw gone("enrollment-token-expired", "This enrollment token expired at " + entry.expiresAt() + ".");
        }
        String token = secrets.open(SecretPurpose.ANDROID_ENROLLMENT_TOKEN, entry.sealedToken());
        byte[] png = QrCodes.png(ProvisioningQrContent.render(tenant, provisioning.require(tenant.tenantId()), token,
                secrets));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore()).body(png);
    }

    @DeleteMapping("/api/android/enrollment-tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the enrollment token: no device enrolls with it any more")
    public void revoke(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable EnrollmentTokenId tokenId) {
        tokens.require(admin.tenantId(), tokenId);
        commands.sendAndWait(new RevokeEnrollmentToken(tokenId, admin.tenantId()));
    }

    private static Refusal gone(String type, String detail) {
        return new Refusal(Refusal.Kind.GONE, type, detail);
    }
}
