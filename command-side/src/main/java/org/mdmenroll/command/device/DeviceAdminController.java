package org.mdmenroll.command.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.RestController;

/** Admin actions on a device entry; each is refused with 409 from a status where it makes no sense. */
@RestController
@Tag(name = "Devices", description = "Admins retire, wipe, reset and delete device entries.")
public class DeviceAdminController {

    private final DeviceEnrollments enrollments;

    public DeviceAdminController(DeviceEnrollments enrollments) {
        this.enrollments = enrollments;
    }

    /** The entry's status after the action. */
    public record DeviceActionResponse(DeviceId deviceId, DeviceStatus status) {
    }

    @PostMapping("/api/devices/{deviceId}/retire")
    @Operation(summary = "Retire: the device is no longer managed (INACTIVE); also stops an enrollment in progress")
    public DeviceActionResponse retire(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        enrollments.send(admin.tenantId(), deviceId, new RetireDevice(deviceId));
        return new DeviceActionResponse(deviceId, DeviceStatus.INACTIVE);
    }

    @PostMapping("/api/devices/{deviceId}/wipe")
    @Operation(summary = "Wipe an active device (WIPED)")
    public DeviceActionResponse wipe(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        enrollments.send(admin.tenantId(), deviceId, new WipeDevice(deviceId));
        return new DeviceActionResponse(deviceId, DeviceStatus.WIPED);
    }

    @PostMapping("/api/devices/{deviceId}/reset")
    @Operation(summary = "Reset an active device; it stays active on the server until its next registration (RESET)")
    public DeviceActionResponse reset(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        enrollments.send(admin.tenantId(), deviceId, new ResetDevice(deviceId));
        return new DeviceActionResponse(deviceId, DeviceStatus.RESET);
    }

    @DeleteMapping("/api/devices/{deviceId}")
    @Operation(summary = "Delete the entry: gone from device lists, its history kept (DELETED)")
    public DeviceActionResponse delete(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId) {
        enrollments.send(admin.tenantId(), deviceId, new DeleteDevice(deviceId));
        return new DeviceActionResponse(deviceId, DeviceStatus.DELETED);
    }
}
