package org.mdmenroll.events.device;

/** How an enrollment was started. */
public enum EnrollmentMethod {
    /** From the link in an invitation. */
    INVITATION,
    /** In the enrollment app (Go app), after logging in. */
    IN_APP,
    /** From the self-service portal in a browser. */
    PORTAL,
    /** By scanning a QR code from the self-service portal (Android 9+, iOS 14+). */
    QR_CODE,
    /** Apple Automated Device Enrollment (setup assistant). */
    ADE,
    /** Apple account-driven enrollment with a Managed Apple ID. */
    ACCOUNT_DRIVEN
}
