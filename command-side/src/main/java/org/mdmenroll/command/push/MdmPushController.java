package org.mdmenroll.command.push;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An admin asks an enrolled Apple device to connect now. */
@RestController
@Tag(name = "Devices")
public class MdmPushController {

    private final MdmPushes pushes;

    public MdmPushController(MdmPushes pushes) {
        this.pushes = pushes;
    }

    public record PushResponse(DeviceId deviceId, String apnsId) {
    }

    @PostMapping("/api/devices/{deviceId}/push")
    @Operation(summary = "Send an MDM push to an Apple device (recorded either way)",
            description = "409 no-mdm-push-channel before the device's first TokenUpdate; 409 no-push-certificate or "
                    + "push-certificate-expired, 502 apns-rejected or apns-unreachable when it was not delivered "
                    + "(the failure is recorded on the device as MdmPushFailed).")
    public PushResponse push(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        return new PushResponse(deviceId, pushes.push(admin.tenantId(), deviceId).apnsId());
    }
}
