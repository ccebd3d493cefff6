package org.mdmenroll.command.nudge;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureApnsAppPush;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureFcmAppPush;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the tenant's enrollment app is reached for enrollment nudges (not MDM pushes, which use the
 * MDM push certificate): APNs token-based auth with a .p8 key, and FCM HTTP v1 with a service account.
 * The secrets are answered by nothing, ever.
 */
@RestController
@Tag(name = "App push", description = "Enrollment app push settings (APNs .p8 key, FCM service account) for enrollment nudges.")
public class AppPushController {

    private final CommandGateway commands;
    private final AppPushConfigurations configurations;

    public AppPushController(CommandGateway commands, AppPushConfigurations configurations) {
        this.commands = commands;
        this.configurations = configurations;
    }

    public record ApnsRequest(@NotBlank @Size(max = 20) String keyId, @NotBlank @Size(max = 20) String teamId,
                              @NotBlank @Size(max = 200) @Schema(description = "The app's bundle id") String topic,
                              @NotNull ApnsAppPushConfigured.Environment environment,
                              @NotBlank @Size(max = 10_000)
                              @Schema(description = "The .p8 file's text (PEM PKCS#8 EC P-256)") String signingKey) {
        @Override
        public String toString() {
            return "ApnsRequest[keyId=" + keyId + ", topic=" + topic + "]";
        }
    }

    public record ApnsView(String keyId, String teamId, String topic, ApnsAppPushConfigured.Environment environment) {
    }

    public record FcmRequest(@Size(max = 40) @Schema(description = "Defaults to the service account's project_id")
                             String projectId,
                             @NotNull @Schema(description = "The service-account key file: the JSON object, or its text")
                             JsonNode serviceAccount) {
        @Override
        public String toString() {
            return "FcmRequest[projectId=" + projectId + "]";
        }
    }

    public record FcmView(String projectId, String clientEmail) {
    }

    public record AppPushView(ApnsView apns, FcmView fcm) {
    }

    @PutMapping("/api/settings/app-push/apns")
    @Operation(summary = "Set the enrollment app's APNs token-based auth (.p8 key, key id, team id, bundle id, "
            + "production or sandbox)", description = "400 invalid-apns-signing-key or invalid-app-push-settings "
            + "for bad input; nothing is stored then.")
    public ApnsView configureApns(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody ApnsRequest request) {
        commands.sendAndWait(new ConfigureApnsAppPush(admin.tenantId(), request.keyId(), request.teamId(),
                request.topic(), request.environment(), request.signingKey()));
        return configured(admin).apns();
    }

    @PutMapping("/api/settings/app-push/fcm")
    @Operation(summary = "Set the Android enrollment app's FCM project and service account",
            description = "400 invalid-fcm-service-account or invalid-app-push-settings for bad input; nothing is stored then.")
    public FcmView configureFcm(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody FcmRequest request) {
        JsonNode account = request.serviceAccount();
        if (!account.isObject() && !account.isTextual()) {
            throw Refusal.invalid("invalid-fcm-service-account",
                    "serviceAccount is the key file's JSON object, or its text.");
        }
        commands.sendAndWait(new ConfigureFcmAppPush(admin.tenantId(), request.projectId(),
                account.isTextual() ? account.asText() : account.toString()));
        return configured(admin).fcm();
    }

    @GetMapping("/api/settings/app-push")
    @Operation(summary = "What is set for the enrollment app's pushes (without the secrets)")
    public AppPushView configured(@AuthenticationPrincipal AccountPrincipal admin) {
        return new AppPushView(
                configurations.apns(admin.tenantId()).map(a -> new ApnsView(a.keyId(), a.teamId(), a.topic(),
                        a.environment())).orElse(null),
                configurations.fcm(admin.tenantId()).map(f -> new FcmView(f.projectId(), f.clientEmail())).orElse(null));
    }
}
