package org.mdmenroll.command.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantCommands.MinimumOs;
import org.mdmenroll.command.tenant.TenantCommands.SetMinimumOsVersions;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's minimum OS versions for Automated Device Enrollment. */
@RestController
@Tag(name = "Tenants")
public class MinimumOsController {

    private final CommandGateway commands;
    private final MinimumOsVersions minimums;

    public MinimumOsController(CommandGateway commands, MinimumOsVersions minimums) {
        this.commands = commands;
        this.minimums = minimums;
    }

    public record MinimumOsRequest(@Size(max = 20) String ios, @Size(max = 20) String macos) {
    }

    @PutMapping("/api/settings/minimum-os")
    @Operation(summary = "Set the lowest iOS and macOS versions ADE devices may enroll on (null or empty: none)",
            description = "A device below its platform's minimum is answered Apple's com.apple.softwareupdate.required "
                    + "403 with the version to install (or os-version-below-minimum when it cannot update during "
                    + "Setup Assistant), and the refusal is recorded. 400 invalid-minimum-os when a value is not a "
                    + "version like 17.4.")
    public MinimumOs set(@AuthenticationPrincipal AccountPrincipal admin, @Valid @RequestBody MinimumOsRequest request) {
        return commands.sendAndWait(new SetMinimumOsVersions(admin.tenantId(), request.ios(), request.macos()));
    }

    @GetMapping("/api/settings/minimum-os")
    @Operation(summary = "The tenant's minimum iOS and macOS versions for ADE devices")
    public MinimumOs get(@AuthenticationPrincipal AccountPrincipal admin) {
        return minimums.of(admin.tenantId());
    }
}
