package org.mdmenroll.command.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.command.device.MdmChannelCommands.CancelMdmCommand;
import org.mdmenroll.command.device.MdmChannelCommands.QueueMdmCommand;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.function.Function;

/**
 * The commands an admin sends a managed device around enrollment. The device is pushed at once and
 * again while it has not answered; the query side lists each command with its status and result.
 */
@RestController
@Tag(name = "Device commands", description = "Admins send MDM commands to managed devices and take back undelivered ones.")
public class DeviceCommandController {

    private static final Map<String, Function<CommandRequest, MdmRequest>> REQUESTS = Map.of(
            "DeviceInformation", r -> new MdmRequest.DeviceInformation(),
            "SecurityInfo", r -> new MdmRequest.SecurityInfo(),
            "ProfileList", r -> new MdmRequest.ProfileList(),
            "CertificateList", r -> new MdmRequest.CertificateList(),
            "InstalledApplicationList", r -> new MdmRequest.InstalledApplicationList(),
            "DeviceLock", r -> new MdmRequest.DeviceLock(r.message(), r.phoneNumber(), r.pin()),
            "RestartDevice", r -> new MdmRequest.RestartDevice(),
            "ShutDownDevice", r -> new MdmRequest.ShutDownDevice());

    private final DeviceEnrollments enrollments;

    public DeviceCommandController(DeviceEnrollments enrollments) {
        this.enrollments = enrollments;
    }

    /** {@code requestType} one of the admin commands; DeviceLock takes a message, a phone number and (Mac) a six-digit PIN. */
    public record CommandRequest(String requestType, String message, String phoneNumber, String pin) {
        @Override
        public String toString() {
            return "CommandRequest[" + requestType + ", pin=" + (pin != null) + "]";
        }
    }

    public record QueuedCommand(DeviceId deviceId, String commandUuid, String requestType) {
    }

    @PostMapping("/api/devices/{deviceId}/commands")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Queue a command: DeviceInformation, SecurityInfo, ProfileList, CertificateList, "
            + "InstalledApplicationList, DeviceLock, RestartDevice or ShutDownDevice (Android: DeviceInformation, "
            + "DeviceLock, RestartDevice)",
            description = "400 unknown-request-type, command-not-for-platform, invalid-pin, pin-macos-only; 409 "
                    + "device-status-conflict for an entry not managed, device-not-reachable before its MDM channel exists.")
    public QueuedCommand queue(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId,
            @RequestBody CommandRequest request) {
        Function<CommandRequest, MdmRequest> kind = request.requestType() == null ? null
                : REQUESTS.get(request.requestType());
        if (kind == null) {
            throw new Refusal(Refusal.Kind.INVALID, "unknown-request-type", "requestType is one of "
                    + String.join(", ", new java.util.TreeSet<>(REQUESTS.keySet())) + ".",
                    Map.of("requestType", String.valueOf(request.requestType())));
        }
        String commandUuid = enrollments.send(admin.tenantId(), deviceId, new QueueMdmCommand(deviceId, kind.apply(request)));
        return new QueuedCommand(deviceId, commandUuid, request.requestType());
    }

    @DeleteMapping("/api/devices/{deviceId}/commands/{commandUuid}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Take back a command the device has not received; a pending wipe or retire then returns the "
            + "entry to its earlier status",
            description = "404 command-not-found (unknown or already answered); 409 command-already-delivered.")
    public void cancel(@AuthenticationPrincipal AccountPrincipal admin, @PathVariable DeviceId deviceId,
            @PathVariable String commandUuid) {
        enrollments.send(admin.tenantId(), deviceId, new CancelMdmCommand(deviceId, commandUuid));
    }
}
