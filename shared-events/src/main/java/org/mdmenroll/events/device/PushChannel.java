package org.mdmenroll.events.device;

/**
 * Where the enrollment app can be nudged: an APNs device token (iOS, macOS) or an FCM
 * registration token (Android). The token is kept only encrypted ({@code sealedToken}).
 */
public record PushChannel(Type type, String sealedToken) {

    public enum Type { APNS, FCM }
}
