package org.mdmenroll.command.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantCommands.CheckEnrollmentUrl;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.UserCommands.SetPassword;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Device-facing: the user opens the tenant's /go link and logs in with password or one-time PIN. */
@RestController
@Tag(name = "Device login", description = "Enrollment app and browser: open the /go link, log in, set a password.")
public class DeviceLoginController {

    private final CommandGateway commands;
    private final TenantDirectory tenants;
    private final DeviceLogins logins;
    private final EnrollmentSessions sessions;
    private final PasswordEncoder passwordEncoder;

    public DeviceLoginController(CommandGateway commands, TenantDirectory tenants, DeviceLogins logins,
            EnrollmentSessions sessions, PasswordEncoder passwordEncoder) {
        this.commands = commands;
        this.tenants = tenants;
        this.logins = logins;
        this.sessions = sessions;
        this.passwordEncoder = passwordEncoder;
    }

    public record EnrollmentPage(String tenant, String name, boolean pinRequired, String loginUrl) {
    }

    @GetMapping("/t/{tenant}/go")
    @Operation(summary = "Open the enrollment link; a link of an older URL version is refused with 410")
    public EnrollmentPage open(@PathVariable String tenant, @RequestParam(name = "v", required = false) Integer version) {
        TenantEntry entry = tenants.requireBySlug(tenant);
        checkVersion(entry, version);
        return new EnrollmentPage(entry.slug(), entry.name(), entry.settings().requirePin(),
                "/t/" + entry.slug() + "/go/login");
    }

    /** {@code urlVersion} is the {@code v} of the link the user opened, when there was one. */
    public record LoginRequest(@NotBlank @Size(max = 320) String email, @Size(max = 128) String password,
                               @Size(max = 12) String pin, Integer urlVersion) {
    }

    public record LoginResponse(String sessionToken, boolean mustSetPassword, Instant expiresAt) {
    }

    @PostMapping("/t/{tenant}/go/login")
    @Operation(summary = "Log in with email and password or one-time PIN; answers a short-lived session token")
    public LoginResponse login(@PathVariable String tenant, @Valid @RequestBody LoginRequest request) {
        TenantEntry entry = tenants.requireBySlug(tenant);
        checkVersion(entry, request.urlVersion());
        DeviceLogins.Login login = logins.logIn(entry, request.email(), request.password(), request.pin());
        return new LoginResponse(login.sessionToken(), login.mustSetPassword(), login.expiresAt());
    }

    public record PasswordRequest(@NotBlank @Size(min = 8, max = 128) String password) {
    }

    @PostMapping("/t/{tenant}/go/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set the user's password (Bearer enrollment session); required after a first PIN login")
    public void setPassword(@PathVariable String tenant, @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization, @Valid @RequestBody PasswordRequest request) {
        TenantEntry entry = tenants.requireBySlug(tenant);
        EnrollmentSessions.Session session = sessions.authenticate(entry.tenantId(), authorization);
        commands.sendAndWait(new SetPassword(session.userId(), passwordEncoder.encode(request.password())));
    }

    private void checkVersion(TenantEntry tenant, Integer version) {
        if (version != null) {
            commands.sendAndWait(new CheckEnrollmentUrl(tenant.tenantId(), version));
        }
    }
}
