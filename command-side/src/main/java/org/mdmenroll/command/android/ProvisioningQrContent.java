package org.mdmenroll.command.android;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.command.tenant.AndroidProvisioningRules;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.events.android.WifiNetwork;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Android Enterprise provisioning JSON a device reads from the QR code on its welcome screen
 * (tap six times, scan): which agent to download and install as device owner, how to check its
 * signature, the Wi-Fi to reach it, and in the admin extras bundle what the agent needs to enroll
 * (server URL, tenant, enrollment token). It holds the token and the Wi-Fi password in clear: it
 * goes to the admin's screen and the QR code, never to a log.
 */
public final class ProvisioningQrContent {

    private static final String EXTRA = "android.app.extra.PROVISIONING_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProvisioningQrContent() {
    }

    /** The server the agent enrolls with: the tenant's host, where {@code /t/{tenant}/android/...} lives. */
    public static String serverUrl(TenantEntry tenant) {
        return "https://" + tenant.hostDomain();
    }

    public static String render(TenantEntry tenant, AndroidProvisioning settings, String token, SecretBox secrets) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put(EXTRA + "DEVICE_ADMIN_COMPONENT_NAME", settings.adminComponentName());
        content.put(EXTRA + "DEVICE_ADMIN_PACKAGE_DOWNLOAD_LOCATION", settings.packageDownloadLocation());
        content.put(EXTRA + "DEVICE_ADMIN_SIGNATURE_CHECKSUM", settings.signatureChecksum());
        WifiNetwork wifi = settings.wifi();
        if (wifi != null) {
            content.put(EXTRA + "WIFI_SSID", wifi.ssid());
            content.put(EXTRA + "WIFI_SECURITY_TYPE", wifi.securityType().name());
            if (wifi.sealedPassword() != null) {
                content.put(EXTRA + "WIFI_PASSWORD", secrets.open(SecretPurpose.ANDROID_WIFI_PASSWORD,
                        wifi.sealedPassword()));
            }
        }
        Map<String, String> extras = new LinkedHashMap<>(settings.adminExtras());
        extras.put(AndroidProvisioningRules.SERVER_URL_EXTRA, serverUrl(tenant));
        extras.put(AndroidProvisioningRules.TENANT_EXTRA, tenant.slug());
        extras.put(AndroidProvisioningRules.TOKEN_EXTRA, token);
        content.put(EXTRA + "ADMIN_EXTRAS_BUNDLE", extras);
        try {
            return JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
