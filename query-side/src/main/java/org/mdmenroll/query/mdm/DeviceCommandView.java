package org.mdmenroll.query.mdm;

import io.swagger.v3.oas.annotations.media.Schema;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmError;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One MDM command of a device entry as admins and auditors see it; never the sealed command itself. */
public record DeviceCommandView(
        String commandUuid,
        @Schema(description = "Apple's RequestType, or the Android agent's of the same name, e.g. DeviceInformation")
        String requestType,
        @Schema(description = "Why it was queued") MdmCommandPurpose purpose,
        @Schema(description = "The device channel, a macOS user channel (with its userId) or the Android agent")
        MdmChannel channel,
        DeviceCommandStatus status,
        @Schema(description = "The command's parameters an admin may read; secrets such as a PIN are never here")
        Map<String, String> parameters,
        @Schema(description = "How often it was handed to the device (a command never answered is sent again)")
        int attempts,
        Instant queuedAt,
        @Schema(description = "ACCOUNT, USER, DEVICE or SYSTEM, as the audit trail has it", nullable = true)
        String queuedByType,
        @Schema(description = "Who queued it: an account's username, a user's or device's id, or a system process",
                nullable = true)
        String queuedBy,
        Instant lastSentAt,
        @Schema(description = "When the device last answered it (NotNow included)") Instant answeredAt,
        @Schema(description = "A summary of an Acknowledged answer, e.g. {\"profiles\": \"3\"}")
        Map<String, String> result,
        @Schema(description = "The device's ErrorChain when it failed") List<MdmError> errorChain,
        @Schema(description = "ADMIN, or LEFT_MANAGEMENT when the entry left management (retired, wiped, "
                + "erased by a reset, deleted, re-enrolled)")
        MdmCommandCancelled.Reason cancelReason,
        Instant cancelledAt) {
}
