package org.mdmenroll.command.tenant;

import org.mdmenroll.command.tenant.TenantCommands.ConfigureAndroidProvisioning;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.events.android.WifiNetwork;
import org.mdmenroll.events.android.WifiNetwork.SecurityType;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes Android Enterprise provisioning settings acceptable, and their normal form. */
public final class AndroidProvisioningRules {

    /** Admin extras the server itself puts in every QR code; an admin cannot set them. */
    public static final String SERVER_URL_EXTRA = "serverUrl";
    public static final String TENANT_EXTRA = "tenant";
    public static final String TOKEN_EXTRA = "enrollmentToken";
    private static final Set<String> RESERVED_EXTRAS = Set.of(SERVER_URL_EXTRA, TENANT_EXTRA, TOKEN_EXTRA);

    /** {@code package/class} or {@code package/.Class}, as Android's ComponentName.flattenToString. */
    private static final Pattern COMPONENT = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+/\\.?[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern HEX_CHECKSUM = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}");
    private static final Pattern EXTRA_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");
    private static final int MAX_EXTRAS = 20;

    private AndroidProvisioningRules() {
    }

    /** The settings as recorded: checksum in URL-safe base64 without padding, Wi-Fi password sealed. */
    static AndroidProvisioning settingsOf(ConfigureAndroidProvisioning command, SecretBox secrets) {
        String component = command.adminComponentName() == null ? "" : command.adminComponentName().strip();
        if (component.length() > 255 || !COMPONENT.matcher(component).matches()) {
            throw Refusal.invalid("invalid-admin-component-name",
                    "The admin component name is the agent's device admin receiver, e.g. com.example.agent/.AdminReceiver.");
        }
        return new AndroidProvisioning(component, downloadLocation(command.packageDownloadLocation()),
                signatureChecksum(command.signatureChecksum()), wifi(command, secrets), adminExtras(command.adminExtras()));
    }

    private static String downloadLocation(String location) {
        try {
            URI uri = new URI(location == null ? "" : location.strip());
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || location.length() > 2000) {
                throw new URISyntaxException(String.valueOf(location), "not an https URL");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw Refusal.invalid("invalid-package-download-location",
                    "The package download location must be an https URL of the agent's APK.");
        }
    }

    /** The SHA-256 of the agent's signing certificate, given as hex (colons allowed) or base64 of 32 bytes. */
    static String signatureChecksum(String given) {
        String checksum = given == null ? "" : given.strip();
        byte[] digest = null;
        if (HEX_CHECKSUM.matcher(checksum).matches()) {
            digest = HexFormat.of().parseHex(checksum.replace(":", "").toLowerCase(Locale.ROOT));
        } else if (!checksum.isEmpty()) {
            String standard = checksum.replace('-', '+').replace('_', '/');
            try {
                digest = Base64.getDecoder().decode(standard + "=".repeat((4 - standard.length() % 4) % 4));
            } catch (IllegalArgumentException e) {
                digest = null;
            }
        }
        if (digest == null || digest.length != 32) {
            throw Refusal.invalid("invalid-signature-checksum",
                    "The signature checksum is the SHA-256 of the agent's signing certificate, in hex or base64.");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static WifiNetwork wifi(ConfigureAndroidProvisioning command, SecretBox secrets) {
        String ssid = command.wifiSsid() == null ? "" : command.wifiSsid().strip();
        String password = command.wifiPassword() == null || command.wifiPassword().isEmpty() ? null : command.wifiPassword();
        if (ssid.isEmpty()) {
            if (password != null || command.wifiSecurityType() != null) {
                throw invalidWifi("A Wi-Fi security type or password needs the network's SSID.");
            }
            return null;
        }
        if (ssid.getBytes(StandardCharsets.UTF_8).length > 32) {
            throw invalidWifi("An SSID is at most 32 bytes.");
        }
        SecurityType type = command.wifiSecurityType() != null ? command.wifiSecurityType()
                : password != null ? SecurityType.WPA : SecurityType.NONE;
        if (type == SecurityType.NONE && password != null) {
            throw invalidWifi("An open network (security type NONE) has no password.");
        }
        if (type == SecurityType.WPA && (password == null || password.length() < 8 || password.length() > 63)) {
            throw invalidWifi("A WPA network needs its password (8 to 63 characters).");
        }
        if (type == SecurityType.WEP && (password == null || password.length() > 128)) {
            throw invalidWifi("A WEP network needs its key.");
        }
        return new WifiNetwork(ssid, type, password == null ? null : secrets.seal(SecretPurpose.ANDROID_WIFI_PASSWORD, password));
    }

    private static Map<String, String> adminExtras(Map<String, String> given) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        if (given.size() > MAX_EXTRAS) {
            throw invalidExtras("At most " + MAX_EXTRAS + " admin extras.");
        }
        Map<String, String> extras = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            if (key == null || !EXTRA_KEY.matcher(key).matches() || value == null || value.length() > 1000) {
                throw invalidExtras("Admin extras are names of letters, digits, '.', '_' or '-' with text values.");
            }
            if (RESERVED_EXTRAS.contains(key)) {
                throw invalidExtras("'" + key + "' is set by the server in every QR code.");
            }
            extras.put(key, value);
        });
        return extras;
    }

    private static Refusal invalidWifi(String detail) {
        return Refusal.invalid("invalid-wifi", detail);
    }

    private static Refusal invalidExtras(String detail) {
        return Refusal.invalid("invalid-admin-extras", detail);
    }
}
