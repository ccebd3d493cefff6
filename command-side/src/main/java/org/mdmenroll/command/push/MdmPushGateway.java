package org.mdmenroll.command.push;

import org.mdmenroll.events.TenantId;

/**
 * Sends MDM pushes: a notification through APNs, with the tenant's MDM push certificate, that asks
 * a device's MDM client to connect to the server. The device's check-in TokenUpdate said where.
 */
public interface MdmPushGateway {

    /** Where the push goes: the device token (hex), its PushMagic, and the topic it enrolled with. */
    record Target(String deviceTokenHex, String pushMagic, String topic) {
        @Override
        public String toString() {
            return "Target[topic=" + topic + "]";
        }
    }

    /** What became of a push. */
    sealed interface Outcome {
    }

    /** APNs accepted the notification. */
    record Sent(String apnsId) implements Outcome {
    }

    /** Not delivered: a stable {@code reason} code and a human {@code detail}. */
    record Failed(String reason, String detail) implements Outcome {
    }

    Outcome push(TenantId tenantId, Target target);
}
