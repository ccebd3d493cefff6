package org.mdmenroll.command.credential;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.credential.CredentialCommands.AdeDefaultProfile;
import org.mdmenroll.command.credential.CredentialCommands.AdeEnrollmentProfileState;
import org.mdmenroll.command.credential.CredentialCommands.AdeProfileSettings;
import org.mdmenroll.command.credential.CredentialCommands.DefineAdeEnrollmentProfile;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.SetAdeDefaultProfile;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin's ADE enrollment profiles under a token: defined at Apple with this server's ADE URLs,
 * one of them the default that newly synced devices get. The query side lists them.
 */
@RestController
@Tag(name = "Apple credentials", description = "ADE server tokens (decrypted with the tenant's key) and VPP tokens.")
public class AdeProfileController {

    private final CommandGateway commands;

    public AdeProfileController(CommandGateway commands) {
        this.commands = commands;
    }

    /** The profile to make default. */
    public record DefaultProfileRequest(String profileUuid) {
    }

    @PostMapping("/api/apple/ade/tokens/{tokenId}/profiles")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define an ADE enrollment profile at Apple under the token (POST /profile)", description = """
            Body {profileName, supervised, mandatory, mdmRemovable, awaitDeviceConfigured, skipSetupItems, \
            department, supportPhoneNumber, supportEmailAddress, language, region, userAuthentication}. The \
            profile's url is this server's ADE endpoint (/t/{tenant}/ade/enroll) and, with userAuthentication, \
            its configuration_web_url the sign-in page (/t/{tenant}/ade/sign-in): neither is given. Answers \
            Apple's profileUuid (201). Problems: 400 invalid-profile or malformed-request (nothing recorded), \
            404 ade-token-not-found, 409 ade-token-expired (recorded), 502 apple-refused with appleCode \
            (recorded) or apple-unavailable (nothing recorded).""")
    public AdeEnrollmentProfileState define(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable String tokenId, @RequestBody AdeProfileSettings settings) {
        CredentialId id = AppleTokenController.tokenId(tokenId, AdeToken.notFound());
        Object answer = AppleTokenController.existing(AdeToken.notFound(),
                () -> commands.sendAndWait(new DefineAdeEnrollmentProfile(id, admin.tenantId(), settings)));
        if (answer instanceof RefusedTokenUse refused) {
            throw refused.toRefusal();
        }
        return (AdeEnrollmentProfileState) answer;
    }

    @PutMapping("/api/apple/ade/tokens/{tokenId}/default-profile")
    @Operation(summary = "Make a profile defined under the token its default", description = """
            Body {profileUuid}. From then on every synced device without a profile (new, or its profile \
            status empty) is assigned it right after the sync, recorded as AdeProfileAssigned. Problems: 400 \
            invalid-profile or malformed-request, 404 ade-token-not-found or ade-profile-not-found (not \
            defined under this token); nothing is recorded for any of them.""")
    public AdeDefaultProfile setDefault(@AuthenticationPrincipal AccountPrincipal admin,
            @PathVariable String tokenId, @RequestBody DefaultProfileRequest request) {
        CredentialId id = AppleTokenController.tokenId(tokenId, AdeToken.notFound());
        return AppleTokenController.existing(AdeToken.notFound(), () -> commands.sendAndWait(
                new SetAdeDefaultProfile(id, admin.tenantId(), request.profileUuid())));
    }
}
