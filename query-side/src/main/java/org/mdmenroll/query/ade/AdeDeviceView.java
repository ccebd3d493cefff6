package org.mdmenroll.query.ade;

import io.swagger.v3.oas.annotations.media.Schema;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.device.DeviceStatus;

import java.time.Instant;

/**
 * A device of the ADE device directory: what Apple Business Manager says of it (as the token's
 * last sync listed it), whether Apple removed it from the MDM server, and the entry it enrolled as.
 */
public record AdeDeviceView(String serialNumber,
                            @Schema(description = "The ADE token whose sync listed the device last") CredentialId tokenId,
                            String model, String description, String color, String os, String deviceFamily,
                            @Schema(description = "Apple's profile status: empty, assigned, pushed or removed")
                            String profileStatus, String profileUuid, Instant profileAssignTime,
                            @Schema(description = "Who assigned the device to the MDM server in Apple Business Manager")
                            String deviceAssignedBy, Instant deviceAssignedDate,
                            @Schema(description = "What Apple's last sync said of it: added, modified or deleted")
                            String lastOpType, Instant lastOpDate,
                            @Schema(description = "Apple removed it from the MDM server (released, or moved to "
                                    + "another server); the row is kept") boolean removed,
                            Instant removedAt, Instant firstSyncedAt, Instant lastSyncedAt,
                            @Schema(description = "The newest entry that enrolled the device by ADE, once one did")
                            Enrollment enrollment) {

    /** A device entry that started enrolling by ADE with this serial number, and its status now. */
    public record Enrollment(DeviceId deviceId, DeviceStatus status, Instant startedAt) {
    }
}
