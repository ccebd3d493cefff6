package org.mdmenroll.command.credential;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.credential.CredentialCommands.AdeDeviceSyncResult;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileAssignmentResult;
import org.mdmenroll.command.credential.CredentialCommands.AssignAdeProfile;
import org.mdmenroll.command.credential.CredentialCommands.AssignVppLicenses;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.RevokeVppLicenses;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevices;
import org.mdmenroll.command.credential.CredentialCommands.VppLicenseResult;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ProfileDefinition;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.function.Supplier;

/**
 * What an admin asks of Apple under a token: ADE device sync and profile assignment, VPP licence
 * assignment and revocation. With an expired token each is refused (409, recorded); when Apple
 * refuses, 502 {@code apple-refused} with Apple's code (recorded); when Apple cannot be reached,
 * 502 {@code apple-unavailable} (nothing recorded).
 */
@RestController
@Tag(name = "Apple credentials", description = "ADE server tokens (decrypted with the tenant's key) and VPP tokens.")
public class AppleTokenUseController {

    private final CommandGateway commands;

    public AppleTokenUseController(CommandGateway commands) {
        this.commands = commands;
    }

    /** An enrollment profile to assign: one defined before ({@code profileUuid}) or {@code profile}, defined now. */
    public record ProfileAssignmentRequest(List<String> serialNumbers, String profileUuid, ProfileDefinition profile) {
    }

    /** The app or book (its App Store adamId) and the devices. */
    public record LicenseRequest(String adamId, List<String> serialNumbers) {
    }

    @PostMapping("/api/apple/ade/tokens/{tokenId}/sync")
    @Operation(summary = "Sync the ADE server's devices from Apple now: the changes since the last sync (Apple's cursor "
            + "is kept), or every device the first time; the token's default profile is then assigned to devices "
            + "without one (defaultAssigned). The token is also synced on its own schedule (mdm.ade.sync-interval). "
            + "Refused (409 ade-token-expired, recorded) with an expired token; 502 apple-refused (recorded) or "
            + "apple-unavailable; 404 ade-token-not-found")
    public AdeDeviceSyncResult sync(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable String tokenId) {
        CredentialId id = AppleTokenController.tokenId(tokenId, AdeToken.notFound());
        return accepted(AdeToken.notFound(), AdeDeviceSyncResult.class,
                () -> commands.sendAndWait(new SyncAdeDevices(id, admin.tenantId())));
    }

    @PostMapping("/api/apple/ade/tokens/{tokenId}/profile-assignments")
    @Operation(summary = "Assign an enrollment profile to serial numbers (at most 1000): profileUuid, or profile "
            + "{profileName, url, supervised, mandatory, mdmRemovable, department, supportPhoneNumber, skipSetupItems} "
            + "to define now; answers Apple's result per serial; refused (409 ade-token-expired, recorded) with an "
            + "expired token")
    public AdeProfileAssignmentResult assignProfile(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable String tokenId, @RequestBody ProfileAssignmentRequest request) {
        CredentialId id = AppleTokenController.tokenId(tokenId, AdeToken.notFound());
        return accepted(AdeToken.notFound(), AdeProfileAssignmentResult.class,
                () -> commands.sendAndWait(new AssignAdeProfile(id, admin.tenantId(), request.profileUuid(),
                        request.profile(), request.serialNumbers())));
    }

    @PostMapping("/api/apple/vpp/tokens/{tokenId}/license-assignments")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Assign licences of an app or book (adamId) to device serial numbers; Apple does it "
            + "asynchronously (appleEventId); refused (409 vpp-token-expired, recorded, nothing sent) with an expired token")
    public VppLicenseResult assignLicenses(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable String tokenId, @RequestBody LicenseRequest request) {
        CredentialId id = AppleTokenController.tokenId(tokenId, VppToken.notFound());
        return accepted(VppToken.notFound(), VppLicenseResult.class, () -> commands.sendAndWait(
                new AssignVppLicenses(id, admin.tenantId(), request.adamId(), request.serialNumbers())));
    }

    @PostMapping("/api/apple/vpp/tokens/{tokenId}/license-revocations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Revoke licences of an app or book (adamId) from device serial numbers; refused (409 "
            + "vpp-token-expired, recorded, nothing sent: installed apps stay) with an expired token")
    public VppLicenseResult revokeLicenses(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable String tokenId, @RequestBody LicenseRequest request) {
        CredentialId id = AppleTokenController.tokenId(tokenId, VppToken.notFound());
        return accepted(VppToken.notFound(), VppLicenseResult.class, () -> commands.sendAndWait(
                new RevokeVppLicenses(id, admin.tenantId(), request.adamId(), request.serialNumbers())));
    }

    /** The command's result, or its recorded refusal as the problem it is. */
    private static <T> T accepted(Refusal notFound, Class<T> type, Supplier<Object> command) {
        Object answer = AppleTokenController.existing(notFound, command);
        if (answer instanceof RefusedTokenUse refused) {
            throw refused.toRefusal();
        }
        return type.cast(answer);
    }
}
