package org.mdmenroll.command.nudge;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;

import java.time.Instant;

/**
 * Delivers enrollment nudges to the enrollment app over its push channel (APNs alert or FCM
 * notification), with the tenant's app push settings. Not the MDM push of an enrolled Apple device:
 * that is {@link org.mdmenroll.command.push.MdmPushGateway}, with the MDM push certificate.
 */
public interface PushGateway {

    /** What the app shows, and until when it is worth delivering (the next nudge is due then). */
    record Nudge(DeviceId deviceId, int attempt, String title, String body, Instant expiresAt) {

        static final String TITLE = "Finish enrolling your device";
        static final String BODY = "Enrollment is not complete yet. Open the enrollment app to install the management profile.";

        public static Nudge of(DeviceId deviceId, int attempt, Instant expiresAt) {
            return new Nudge(deviceId, attempt, TITLE, BODY, expiresAt);
        }
    }

    enum Status {
        /** The provider accepted the push. */
        DELIVERED,
        /** The provider no longer knows the token (uninstalled app, bad token): never send to it again. */
        INVALID_TOKEN,
        /** Not delivered this time (provider unreachable or busy, settings missing): try again later. */
        TRANSIENT_FAILURE
    }

    /** {@code detail}: the provider's id for a delivered push, or why it was not delivered. Never the token. */
    record Outcome(Status status, String detail) {

        public static Outcome delivered(String detail) {
            return new Outcome(Status.DELIVERED, detail);
        }

        public static Outcome invalidToken(String detail) {
            return new Outcome(Status.INVALID_TOKEN, detail);
        }

        public static Outcome transientFailure(String detail) {
            return new Outcome(Status.TRANSIENT_FAILURE, detail);
        }
    }

    Outcome send(TenantId tenantId, PushChannel channel, Nudge nudge);
}
