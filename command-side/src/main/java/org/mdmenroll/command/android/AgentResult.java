package org.mdmenroll.command.android;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ReportStatus;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.support.problem.Refusal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the Android agent answered one command: ACKNOWLEDGED (carried out; for DeviceInformation with
 * {@code deviceInformation}), ERROR (with the agent's {@code errorCode} and {@code errorMessage}) or
 * NOT_NOW (not possible now: the command is fetched again later).
 */
@Schema(description = "The agent's answer to one command")
public record AgentResult(@NotNull Status status,
                          @Schema(description = "The agent's error code, with ERROR") Integer errorCode,
                          @Size(max = 1024) @Schema(description = "What went wrong, with ERROR") String errorMessage,
                          @Valid @Schema(description = "The device's inventory, with DeviceInformation's ACKNOWLEDGED")
                          AgentDeviceInformation deviceInformation) {

    /** The domain of the agent's error codes in the command's ErrorChain. */
    static final String ERROR_DOMAIN = "AndroidAgent";

    public enum Status { ACKNOWLEDGED, ERROR, NOT_NOW }

    /**
     * What the agent reads from the device (Build, TelephonyManager, StatFs): capacities in GB as
     * Apple devices report them, {@code osVersion} the Android release (e.g. "14"), {@code
     * buildVersion} the build id, {@code product} the hardware's product name (Build.PRODUCT).
     */
    public record AgentDeviceInformation(@Size(max = 256) String deviceName, @Size(max = 256) String manufacturer,
                                         @Size(max = 256) String model, @Size(max = 256) String product,
                                         @Size(max = 64) String osVersion, @Size(max = 256) String buildVersion,
                                         @Size(max = 100) String serialNumber, @Size(max = 20) String imei,
                                         @Size(max = 20) String meid, @PositiveOrZero Double deviceCapacityGb,
                                         @PositiveOrZero Double availableCapacityGb, @Size(max = 64) String wifiMac) {

        /** The same inventory fields Apple's DeviceInformation fills; the model name is manufacturer and model. */
        DeviceInventory inventory() {
            return new DeviceInventory(text(deviceName), text(model), modelName(), text(product), text(osVersion),
                    text(buildVersion), text(serialNumber), null, text(imei), text(meid), deviceCapacityGb,
                    availableCapacityGb, null, null, text(wifiMac), null);
        }

        /** "Google Pixel 8" from Google and Pixel 8; a model that names its maker already stays as it is. */
        private String modelName() {
            String maker = text(manufacturer);
            String name = text(model);
            if (maker == null || name == null) {
                return name != null ? name : maker;
            }
            return name.toLowerCase(Locale.ROOT).startsWith(maker.toLowerCase(Locale.ROOT)) ? name : maker + " " + name;
        }
    }

    /** Refuses (400) what belongs to another status: device information without ACKNOWLEDGED, an error without ERROR. */
    void requireConsistent() {
        if (deviceInformation != null && status != Status.ACKNOWLEDGED) {
            throw Refusal.invalid("invalid-agent-result", "deviceInformation comes only with ACKNOWLEDGED.");
        }
        if ((errorCode != null || errorMessage != null) && status != Status.ERROR) {
            throw Refusal.invalid("invalid-agent-result", "errorCode and errorMessage come only with ERROR.");
        }
    }

    ReportStatus reportStatus() {
        return switch (status) {
            case ACKNOWLEDGED -> ReportStatus.ACKNOWLEDGED;
            case ERROR -> ReportStatus.ERROR;
            case NOT_NOW -> ReportStatus.NOT_NOW;
        };
    }

    /** The agent's error as the one entry of the command's ErrorChain; none when it said nothing. */
    List<MdmError> errorChain() {
        String message = text(errorMessage);
        return errorCode == null && message == null ? List.of() : List.of(new MdmError(errorCode, ERROR_DOMAIN, message));
    }

    CommandResult commandResult() {
        return deviceInformation == null ? CommandResult.NONE
                : new CommandResult(deviceInformation.inventory(), null, Map.of());
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
