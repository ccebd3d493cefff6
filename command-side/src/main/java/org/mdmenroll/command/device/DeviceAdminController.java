package org.mdmenroll.command.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.command.device.DeviceCommands.ActionOutcome;
import org.mdmenroll.command.device.DeviceCommands.DeleteDevice;
import org.mdmenroll.command.device.DeviceCommands.ResetDevice;
import org.mdmenroll.command.device.DeviceCommands.RetireDevice;
import org.mdmenroll.command.device.DeviceCommands.WipeDevice;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin actions on a device entry; each is refused with 409 from a status where it makes no sense.
 * Retire and wipe of a device the server can reach wait for its answer (RETIRE_PENDING,
 * WIPE_PENDING); the answer names the command that went to the device.
 */
@RestController
@Tag(name = "Devices", description = "Admins retire, wipe, reset and delete device entries.")
public class DeviceAdminController {

    private final DeviceEnrollments enrollments;

    public DeviceAdminController(DeviceEnrollments enrollments) {
        this.enrollments = enrollments;
    }

    /** The entry's status after the action, and the MDM command that carries it to the device (null when none could). */
    public record DeviceActionResponse(DeviceId deviceId, DeviceStatus status, String commandUuid) {
    }

    /** Wipe options: a six-digit {@code pin} for a Mac that needs one; iOS may keep its data plan and skip proximity setup. */
    public record WipeRequest(String pin, Boolean preserveDataPlan, Boolean disallowProximitySetup) {
        @Override
        public String toString() {
            return "WipeRequest[pin=" + (pin != null) + "]";
        }
    }

    @PostMapping("/api/devices/{deviceId}/retire")
    @Operation(summary = "Retire: the device leaves management (RemoveProfile, or the agent removes itself): RETIRE_PENDING "
            + "until it acknowledges or checks out, then INACTIVE; an enrollment in progress, or a device nothing can reach, "
            + "is INACTIVE at once")
    public DeviceActionResponse retire(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        ActionOutcome outcome = enrollments.send(admin.tenantId(), deviceId, new RetireDevice(deviceId));
        return new DeviceActionResponse(deviceId, outcome.status(), outcome.commandUuid());
    }

    @PostMapping("/api/devices/{deviceId}/wipe")
    @Operation(summary = "Wipe an active device: EraseDevice goes to it, WIPE_PENDING until it acknowledges, then WIPED; "
            + "an error answer returns it to its earlier status. 400 invalid-pin or pin-macos-only for a PIN that is not "
            + "a Mac's six digits")
    public DeviceActionResponse wipe(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId,
            @RequestBody(required = false) WipeRequest options) {
        WipeRequest given = options == null ? new WipeRequest(null, false, false) : options;
        ActionOutcome outcome = enrollments.send(admin.tenantId(), deviceId, new WipeDevice(deviceId, given.pin(),
                Boolean.TRUE.equals(given.preserveDataPlan()), Boolean.TRUE.equals(given.disallowProximitySetup())));
        return new DeviceActionResponse(deviceId, outcome.status(), outcome.commandUuid());
    }

    @PostMapping("/api/devices/{deviceId}/reset")
    @Operation(summary = "Reset an active device (EraseDevice); it stays active on the server until its next registration (RESET)")
    public DeviceActionResponse reset(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        ActionOutcome outcome = enrollments.send(admin.tenantId(), deviceId, new ResetDevice(deviceId));
        return new DeviceActionResponse(deviceId, outcome.status(), outcome.commandUuid());
    }

    @DeleteMapping("/api/devices/{deviceId}")
    @Operation(summary = "Delete the entry at once: gone from device lists, its history kept (DELETED); the device's next "
            + "check-in or connect is answered 401, so it drops management")
    public DeviceActionResponse delete(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        enrollments.send(admin.tenantId(), deviceId, new DeleteDevice(deviceId));
        return new DeviceActionResponse(deviceId, DeviceStatus.DELETED, null);
    }
}
