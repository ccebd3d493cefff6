package org.mdmenroll.command.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantCommands.ChangeEnrollmentSettings;
import org.mdmenroll.command.tenant.TenantCommands.CreateTenant;
import org.mdmenroll.command.tenant.TenantCommands.EnrollmentUrl;
import org.mdmenroll.command.tenant.TenantCommands.GenerateEnrollmentUrl;
import org.mdmenroll.command.tenant.TenantCommands.SetAccountDrivenEnrollment;
import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Locale;

@RestController
@Tag(name = "Tenants", description = "Operators create tenants; admins change their tenant's enrollment settings.")
public class TenantController {

    private final CommandGateway commands;
    private final TenantDirectory tenants;

    public TenantController(CommandGateway commands, TenantDirectory tenants) {
        this.commands = commands;
        this.tenants = tenants;
    }

    public record CreateTenantRequest(@NotBlank @Size(max = 63) String slug, @NotBlank @Size(max = 200) String name,
                                      @NotBlank @Size(max = 253) String hostDomain) {
    }

    public record TenantCreatedResponse(TenantId tenantId, String slug) {
    }

    @PostMapping("/api/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant (operator)")
    public TenantCreatedResponse create(@Valid @RequestBody CreateTenantRequest request) {
        String slug = request.slug().strip().toLowerCase(Locale.ROOT);
        String hostDomain = request.hostDomain().strip().toLowerCase(Locale.ROOT);
        if (tenants.findBySlug(slug).isPresent()) {
            throw Refusal.conflict("tenant-slug-taken", "A tenant with slug '" + slug + "' already exists.");
        }
        if (tenants.hostDomainTaken(hostDomain)) {
            throw Refusal.conflict("host-domain-taken", "Another tenant already uses host domain " + hostDomain + ".");
        }
        TenantId tenantId = TenantId.random();
        commands.sendAndWait(new CreateTenant(tenantId, slug, request.name(), hostDomain));
        return new TenantCreatedResponse(tenantId, slug);
    }

    public record EnrollmentSettingsRequest(
            @NotNull Boolean requirePin,
            @NotNull @Min(4) @Max(12) Integer pinLength,
            @NotNull Duration pinTtl,
            @NotNull @Min(1) @Max(20) Integer maxPinAttempts,
            @NotNull Duration profileValidity,
            @NotNull Duration nudgeInterval,
            @NotNull @Min(0) @Max(100) Integer nudgeMaxCount,
            Duration invitationValidity) {
    }

    @PutMapping("/api/settings/enrollment")
    @Operation(summary = "Replace the tenant's enrollment settings (invitationValidity kept when omitted)")
    public EnrollmentSettings changeSettings(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody EnrollmentSettingsRequest request) {
        TenantDirectory.TenantEntry tenant = tenants.require(admin.tenantId());
        EnrollmentSettings settings = new EnrollmentSettings(request.requirePin(), request.pinLength(),
                request.pinTtl(), request.maxPinAttempts(), request.profileValidity(), request.nudgeInterval(),
                request.nudgeMaxCount(), request.invitationValidity() != null
                ? request.invitationValidity() : tenant.settings().invitationValidity());
        commands.sendAndWait(new ChangeEnrollmentSettings(tenant.tenantId(), settings));
        return settings;
    }

    @PostMapping("/api/enrollment-urls")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Generate a new enrollment URL version; URLs of older versions are refused from now on")
    public EnrollmentUrl generateEnrollmentUrl(@AuthenticationPrincipal AccountPrincipal admin) {
        return commands.sendAndWait(new GenerateEnrollmentUrl(admin.tenantId()));
    }

    /** {@code mode}: DEVICE (account-driven device enrollment) or USER (user enrollment, BYOD); null keeps the current one. */
    public record AccountDrivenEnrollmentRequest(@NotNull Boolean enabled, AccountDrivenEnrollmentMode mode) {
    }

    /** What the tenant's account-driven enrollment is now. */
    public record AccountDrivenEnrollmentSettings(boolean enabled, AccountDrivenEnrollmentMode mode) {
    }

    @PutMapping("/api/settings/account-driven-enrollment")
    @Operation(summary = "Enable or disable Apple account-driven enrollment for the tenant, and choose its mode",
            description = "mode DEVICE answers the discovery with account-driven device enrollment (mdm-adde) only, "
                    + "mode USER (the default) with user enrollment of personal devices (mdm-byod) only; a user's own "
                    + "mode (PUT /api/users/{userId}/account-driven-enrollment) overrides it. Without mode the current "
                    + "one stays. Problems: 400 invalid-request (enabled missing), 400 malformed-request (unknown mode).")
    public AccountDrivenEnrollmentSettings setAccountDrivenEnrollment(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody AccountDrivenEnrollmentRequest request) {
        commands.sendAndWait(new SetAccountDrivenEnrollment(admin.tenantId(), request.enabled(), request.mode()));
        TenantDirectory.TenantEntry tenant = tenants.require(admin.tenantId());
        return new AccountDrivenEnrollmentSettings(tenant.accountDrivenEnrollmentEnabled(), tenant.accountDrivenMode());
    }
}
