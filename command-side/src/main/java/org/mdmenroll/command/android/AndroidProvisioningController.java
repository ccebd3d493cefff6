package org.mdmenroll.command.android;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureAndroidProvisioning;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.events.android.WifiNetwork;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Admins set the tenant's Android Enterprise provisioning settings, which every enrollment QR code carries. */
@RestController
@Tag(name = "Android enrollment", description = "Provisioning settings, enrollment tokens and their QR codes.")
public class AndroidProvisioningController {

    private final CommandGateway commands;
    private final AndroidProvisioningSettings settings;

    public AndroidProvisioningController(CommandGateway commands, AndroidProvisioningSettings settings) {
        this.commands = commands;
        this.settings = settings;
    }

    /** {@code wifi} is optional; its password is never answered or logged. */
    public record WifiRequest(@Size(max = 64) String ssid, WifiNetwork.SecurityType securityType,
                              @Size(max = 128) String password) {
        @Override
        public String toString() {
            return "WifiRequest[ssid=" + ssid + ", securityType=" + securityType + "]";
        }
    }

    public record ProvisioningRequest(@NotBlank @Size(max = 255) String adminComponentName,
                                      @NotBlank @Size(max = 2000) String packageDownloadLocation,
                                      @NotBlank @Size(max = 200) String signatureChecksum,
                                      @Valid WifiRequest wifi, Map<String, String> adminExtras) {
    }

    public record WifiView(String ssid, WifiNetwork.SecurityType securityType, boolean passwordSet) {
    }

    /** The settings as recorded: the checksum in the form Android takes, the Wi-Fi password only as "set". */
    public record ProvisioningView(String adminComponentName, String packageDownloadLocation,
                                   String signatureChecksum, WifiView wifi, Map<String, String> adminExtras) {
    }

    @PutMapping("/api/settings/android-provisioning")
    @Operation(summary = "Replace the tenant's Android Enterprise provisioning settings (agent, its download and "
            + "signature checksum, optional Wi-Fi and admin extras)")
    public ProvisioningView configure(@AuthenticationPrincipal AccountPrincipal admin,
            @Valid @RequestBody ProvisioningRequest request) {
        WifiRequest wifi = request.wifi() == null ? new WifiRequest(null, null, null) : request.wifi();
        commands.sendAndWait(new ConfigureAndroidProvisioning(admin.tenantId(), request.adminComponentName(),
                request.packageDownloadLocation(), request.signatureChecksum(), wifi.ssid(), wifi.securityType(),
                wifi.password(), request.adminExtras()));
        AndroidProvisioning recorded = settings.require(admin.tenantId());
        WifiNetwork network = recorded.wifi();
        return new ProvisioningView(recorded.adminComponentName(), recorded.packageDownloadLocation(),
                recorded.signatureChecksum(),
                network == null ? null : new WifiView(network.ssid(), network.securityType(), network.sealedPassword() != null),
                recorded.adminExtras());
    }
}
