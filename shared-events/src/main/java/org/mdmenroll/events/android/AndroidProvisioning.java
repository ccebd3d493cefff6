package org.mdmenroll.events.android;

import java.util.Map;

/**
 * A tenant's Android Enterprise provisioning settings: the device policy controller (agent) to
 * install, where to download it, the SHA-256 of its signing certificate (URL-safe base64 without
 * padding), the optional Wi-Fi network, and extra entries for the admin extras bundle.
 */
public record AndroidProvisioning(String adminComponentName, String packageDownloadLocation,
                                  String signatureChecksum, WifiNetwork wifi, Map<String, String> adminExtras) {

    public AndroidProvisioning {
        adminExtras = adminExtras == null ? Map.of() : Map.copyOf(adminExtras);
    }
}
