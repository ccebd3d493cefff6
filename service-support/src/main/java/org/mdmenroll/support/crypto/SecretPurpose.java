package org.mdmenroll.support.crypto;

/**
 * What a {@link SecretBox} value is sealed or hashed for. Each string is bound into the stored
 * ciphertexts (and keyed hashes): changing one leaves everything sealed under it unreadable.
 */
public enum SecretPurpose {

    /** The enrollment app's APNs device token or FCM registration token, where nudges go. */
    APP_PUSH_TOKEN("push-token"),
    /** The tenant's APNs .p8 signing key for nudging the enrollment app. */
    APP_PUSH_APNS_SIGNING_KEY("app-push-apns-signing-key"),
    /** The tenant's Firebase service account for nudging the enrollment app. */
    APP_PUSH_FCM_SERVICE_ACCOUNT("app-push-fcm-service-account"),
    /** A device's MDM push token from its TokenUpdate check-in. */
    MDM_PUSH_TOKEN("mdm-push-token"),
    /** A device's PushMagic from its TokenUpdate check-in. */
    MDM_PUSH_MAGIC("mdm-push-magic"),
    /** A device's unlock token from its TokenUpdate check-in. */
    MDM_UNLOCK_TOKEN("mdm-unlock-token"),
    /** The private key of the tenant's MDM push certificate. */
    PUSH_CERTIFICATE_KEY("push-certificate-key"),
    /** The private key Apple encrypts the tenant's ADE server tokens to. */
    ADE_KEY_PAIR_KEY("ade-key-pair-key"),
    /** An ADE (Enrollment Program) server token's OAuth secrets. */
    ADE_TOKEN("ade-token"),
    /** A VPP (Apps and Books) content token. */
    VPP_TOKEN("vpp-token"),
    /** The private key of the tenant's CA. */
    TENANT_CA_KEY("tenant-ca-key"),
    /** The private key that signs the tenant's enrollment profiles. */
    TENANT_PROFILE_SIGNING_KEY("tenant-profile-signing-key"),
    /** The Wi-Fi password in the tenant's Android provisioning settings. */
    ANDROID_WIFI_PASSWORD("android-wifi-password"),
    /** An Android enrollment token, kept to show its QR code again. */
    ANDROID_ENROLLMENT_TOKEN("android-enrollment-token"),
    /** A queued MDM command as the device will receive it (it may hold a PIN or a profile's SCEP challenge). */
    MDM_COMMAND("mdm-command"),
    /** A Mac's bootstrap token, escrowed at its SetBootstrapToken check-in. */
    BOOTSTRAP_TOKEN("mdm-bootstrap-token"),
    /** The query side's Ed25519 private key that signs audit checkpoints. */
    AUDIT_SIGNING_KEY("audit-signing-key"),
    /** A one-time enrollment PIN (keyed hash only). */
    ENROLLMENT_PIN("enrollment-pin");

    private final String value;

    SecretPurpose(String value) {
        this.value = value;
    }

    /** The string bound into what is sealed or hashed for this purpose. */
    public String value() {
        return value;
    }
}
