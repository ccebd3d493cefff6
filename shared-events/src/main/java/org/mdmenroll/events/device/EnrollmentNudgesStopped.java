package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** No more enrollment nudges go to the device, and why; {@code detail} is the push provider's answer when it refused. */
@Revision("1")
public record EnrollmentNudgesStopped(DeviceId deviceId, TenantId tenantId, Reason reason, int nudgesSent,
                                      String detail) implements DeviceEvent, TenantEvent {

    /**
     * ENROLLED, PROFILE_INSTALLED (the Apple device authenticated at check-in), CANCELLED, RETIRED,
     * WIPED, DELETED, SUPERSEDED: the enrollment ended; PROFILE_EXPIRED: the profile expired and the
     * device did not start again; MAX_COUNT: the tenant's nudge limit was reached; INVALID_TOKEN: the
     * provider no longer knows the app's push token; UNDELIVERABLE: the provider failed too many times in a row.
     */
    public enum Reason {
        ENROLLED, PROFILE_INSTALLED, CANCELLED, RETIRED, WIPED, DELETED, SUPERSEDED, PROFILE_EXPIRED, MAX_COUNT,
        INVALID_TOKEN, UNDELIVERABLE
    }
}
