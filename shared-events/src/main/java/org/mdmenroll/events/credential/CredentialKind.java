package org.mdmenroll.events.credential;

/** The Apple credentials a tenant renews every year. */
public enum CredentialKind {
    /** The MDM push certificate (APNs), whose topic every enrolled device is bound to. */
    MDM_PUSH_CERTIFICATE,
    /** An Automated Device Enrollment (Enrollment Program) server token from Apple Business Manager. */
    ADE_TOKEN,
    /** A Volume Purchase Program (Apps and Books) content token. */
    VPP_TOKEN
}
