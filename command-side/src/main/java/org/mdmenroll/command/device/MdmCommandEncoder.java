package org.mdmenroll.command.device;

import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.Platform;

import java.util.Map;

/**
 * Turns a request into the command a device of the platform receives, sealed: the {@link Device}
 * aggregate decides what to queue and asks this port only for the encoding, so the device package
 * knows nothing of plists or the agent's JSON.
 */
public interface MdmCommandEncoder {

    /** A command ready to queue: its request type, the parameters an admin may read, and the command sealed. */
    record EncodedCommand(String requestType, Map<String, String> parameters, String sealedCommand) {
        @Override
        public String toString() {
            return "EncodedCommand[" + requestType + ", " + parameters + "]";
        }
    }

    /** Refuses (400) a request the platform has no command for. */
    EncodedCommand encode(TenantId tenantId, Platform platform, MdmRequest request);
}
