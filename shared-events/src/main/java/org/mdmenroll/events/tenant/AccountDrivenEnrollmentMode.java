package org.mdmenroll.events.tenant;

/**
 * Which of Apple's two account-driven enrollments a tenant (or one user) offers: the discovery answers
 * one of them, and the enrollment refuses the other.
 */
public enum AccountDrivenEnrollmentMode {
    /** Account-driven device enrollment (Apple's {@code mdm-adde}): the organisation manages the whole device. */
    DEVICE,
    /** Account-driven user enrollment of a personal device (Apple's {@code mdm-byod}): a managed partition only. */
    USER
}
