package org.mdmenroll.command.selfservice;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.device.EnrollmentEligibility;
import org.mdmenroll.command.qr.QrCodes;
import org.mdmenroll.command.tenant.TenantCommands.CheckEnrollmentUrl;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.DeviceLogins;
import org.mdmenroll.command.user.EnrollmentSessions.Session;
import org.mdmenroll.command.user.UserCommands.SetPassword;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Device-facing: the user opens the tenant's /go link and logs in with password or one-time PIN;
 * or, logged in to the portal, shows a QR code the enrollment app scans to log in.
 */
@RestController
@Tag(name = "Device login", description = "Enrollment app and browser: open the /go link, log in, set a password.")
public class DeviceLoginController {

    private final CommandGateway commands;
    private final DeviceLogins logins;
    private final PasswordEncoder passwordEncoder;

    public DeviceLoginController(CommandGateway commands, DeviceLogins logins, PasswordEncoder passwordEncoder) {
        this.commands = commands;
        this.logins = logins;
        this.passwordEncoder = passwordEncoder;
    }

    public record EnrollmentPage(String tenant, String name, boolean pinRequired, String loginUrl) {
    }

    @GetMapping("/t/{tenant}/go")
    @Operation(summary = "Open the enrollment link; a link of an older URL version is refused with 410")
    public EnrollmentPage open(@RequestParam(name = "v", required = false) Integer version, TenantEntry tenant) {
        checkVersion(tenant, version);
        return new EnrollmentPage(tenant.slug(), tenant.name(), tenant.settings().requirePin(),
                "/t/" + tenant.slug() + "/go/login");
    }

    /**
     * {@code urlVersion} is the {@code v} of the link the user opened, when there was one. Instead of
     * email and password or PIN, the enrollment app sends the {@code qrToken} of the portal's QR code
     * with the device's {@code platform} and {@code osVersion} (Android 9+ and iOS 14+ only).
     */
    public record LoginRequest(@Size(max = 320) String email, @Size(max = 128) String password,
                               @Size(max = 12) String pin, Integer urlVersion, @Size(max = 200) String qrToken,
                               Platform platform, @Size(max = 20) String osVersion) {
        @Override
        public String toString() {
            return "LoginRequest[email=" + email + ", urlVersion=" + urlVersion + ", platform=" + platform + "]";
        }
    }

    public record LoginResponse(String sessionToken, boolean mustSetPassword, Instant expiresAt) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    @PostMapping("/t/{tenant}/go/login")
    @Operation(summary = "Log in with email and password or one-time PIN; answers a short-lived session token")
    public LoginResponse login(@Valid @RequestBody LoginRequest request, TenantEntry tenant) {
        checkVersion(tenant, request.urlVersion());
        DeviceLogins.Login login;
        if (request.qrToken() != null) {
            if (request.email() != null || request.password() != null || request.pin() != null) {
                throw Refusal.invalid("invalid-request", "Log in with the QR code's token or with email and "
                        + "password or PIN, not both.");
            }
            if (request.platform() == null || request.osVersion() == null) {
                throw Refusal.invalid("invalid-request", "A QR code login names the device's platform and osVersion.");
            }
            EnrollmentEligibility.requireQrCodeSupport(request.platform(), request.osVersion());
            login = logins.logInWithQrCode(tenant, request.qrToken());
        } else {
            if (request.email() == null || request.email().isBlank()) {
                throw Refusal.invalid("invalid-request", "email: must not be blank");
            }
            login = logins.logIn(tenant, request.email(), request.password(), request.pin());
        }
        return new LoginResponse(login.sessionToken(), login.mustSetPassword(), login.expiresAt());
    }

    /** The header that tells when the QR code stops working. */
    static final String QR_LOGIN_EXPIRES_AT = "Qr-Login-Expires-At";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The QR code holds {@code {"serverUrl", "tenant", "qrToken"}}: the enrollment app (Android 9+,
     * iOS 14+) scans it and logs in with {@code POST /t/{tenant}/go/login {qrToken, platform, osVersion}}.
     */
    @PostMapping(path = "/t/{tenant}/go/qr-login", produces = QrCodes.PNG)
    @Operation(summary = "A QR code (PNG) that logs the enrollment app in once, shortly, as the portal's user "
            + "(Bearer session); Android 9+ and iOS 14+ only")
    public ResponseEntity<byte[]> qrLogin(TenantEntry tenant, Session session) {
        DeviceLogins.QrLogin qrLogin = logins.issueQrLogin(session.userId());
        Map<String, String> content = new LinkedHashMap<>();
        content.put("serverUrl", "https://" + tenant.hostDomain());
        content.put("tenant", tenant.slug());
        content.put("qrToken", qrLogin.token());
        try {
            return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                    .header(QR_LOGIN_EXPIRES_AT, qrLogin.expiresAt().toString())
                    .body(QrCodes.png(JSON.writeValueAsString(content)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public record PasswordRequest(@NotBlank @Size(min = 8, max = 128) String password) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    @PostMapping("/t/{tenant}/go/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set the user's password (Bearer enrollment session); required after a first PIN login")
    public void setPassword(@Valid @RequestBody PasswordRequest request, Session session) {
        commands.sendAndWait(new SetPassword(session.userId(), passwordEncoder.encode(request.password())));
    }

    private void checkVersion(TenantEntry tenant, Integer version) {
        if (version != null) {
            commands.sendAndWait(new CheckEnrollmentUrl(tenant.tenantId(), version));
        }
    }
}
