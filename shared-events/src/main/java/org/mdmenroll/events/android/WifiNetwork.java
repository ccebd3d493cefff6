package org.mdmenroll.events.android;

/**
 * The Wi-Fi network a device joins during Android Enterprise provisioning. The password is kept
 * only sealed with the service's secrets key (null for an open network).
 */
public record WifiNetwork(String ssid, SecurityType securityType, String sealedPassword) {

    /** Android's {@code PROVISIONING_WIFI_SECURITY_TYPE} values that need no more than a password. */
    public enum SecurityType { NONE, WPA, WEP }
}
