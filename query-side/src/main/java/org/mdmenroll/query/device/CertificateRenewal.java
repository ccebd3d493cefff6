package org.mdmenroll.query.device;

import org.mdmenroll.events.device.DeviceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * When a device entry's identity certificate renewal is overdue, for the device list and the as-of
 * state alike: the entry is still managed ({@link DeviceStatus#isActiveOnServer}) and its certificate
 * expires within {@link #OVERDUE_WITHIN} of the moment asked about, or has expired. The renewal profile
 * goes out well before that (30 days by default), so a flagged entry did not renew in time, and is
 * flagged while there are still two weeks to reach it before it can no longer check in.
 */
public final class CertificateRenewal {

    public static final Duration OVERDUE_WITHIN = Duration.ofDays(14);

    /**
     * The device table's entries still managed, as a condition with the status names as literals
     * (enum names, never input): the partial index of V18 serves the filter only so.
     */
    static final String MANAGED = Arrays.stream(DeviceStatus.values()).filter(DeviceStatus::isActiveOnServer)
            .map(status -> "'" + status.name() + "'").collect(Collectors.joining(", ", "status in (", ")"));

    private CertificateRenewal() {
    }

    /** Whether an entry in {@code status} whose certificate expires at {@code notAfter} is overdue at {@code at}. */
    public static boolean overdue(DeviceStatus status, Instant notAfter, Instant at) {
        return status != null && status.isActiveOnServer() && notAfter != null
                && !notAfter.isAfter(expiringBy(at));
    }

    /** The expiry up to which a certificate is overdue for renewal at {@code at}. */
    static Instant expiringBy(Instant at) {
        return at.plus(OVERDUE_WITHIN);
    }
}
