package org.mdmenroll.support.testing.apple;

import java.nio.charset.StandardCharsets;

/** What an Apple MDM client sends to the profile's ServerURL (XML plists), and how it answers commands. */
public final class ConnectPlists {

    private ConnectPlists() {
    }

    public static byte[] idle(String udid) {
        return plist("<key>UDID</key><string>%s</string><key>Status</key><string>Idle</string>".formatted(udid));
    }

    /** The macOS user channel asks for its commands. */
    public static byte[] userIdle(String udid, String userId) {
        return plist(("<key>UDID</key><string>%s</string><key>UserID</key><string>%s</string>"
                + "<key>Status</key><string>Idle</string>").formatted(udid, userId));
    }

    public static byte[] acknowledged(String udid, String commandUuid) {
        return result(udid, commandUuid, "Acknowledged", "");
    }

    public static byte[] notNow(String udid, String commandUuid) {
        return result(udid, commandUuid, "NotNow", "");
    }

    /** Error with one ErrorChain entry, as devices answer a command they do not know (code 12021). */
    public static byte[] error(String udid, String commandUuid, int code, String description) {
        return result(udid, commandUuid, "Error", """
                <key>ErrorChain</key><array><dict>
                  <key>ErrorCode</key><integer>%d</integer>
                  <key>ErrorDomain</key><string>MCMDMErrorDomain</string>
                  <key>LocalizedDescription</key><string>%s</string>
                  <key>USEnglishDescription</key><string>%s</string>
                </dict></array>""".formatted(code, description, description));
    }

    /** DeviceInformation answered with an iPhone's QueryResponses. */
    public static byte[] deviceInformation(String udid, String commandUuid, String serial) {
        return result(udid, commandUuid, "Acknowledged", """
                <key>QueryResponses</key><dict>
                  <key>DeviceName</key><string>Joe's iPhone</string>
                  <key>Model</key><string>MTLT3J/A</string>
                  <key>ModelName</key><string>iPhone</string>
                  <key>ProductName</key><string>iPhone16,1</string>
                  <key>OSVersion</key><string>18.4</string>
                  <key>BuildVersion</key><string>22E240</string>
                  <key>SerialNumber</key><string>%s</string>
                  <key>UDID</key><string>%s</string>
                  <key>IMEI</key><string>35 000000 000000 0</string>
                  <key>DeviceCapacity</key><real>128.0</real>
                  <key>AvailableDeviceCapacity</key><real>87.5</real>
                  <key>IsSupervised</key><false/>
                  <key>IsActivationLockEnabled</key><true/>
                  <key>WiFiMAC</key><string>a4:83:e7:00:00:01</string>
                  <key>BluetoothMAC</key><string>a4:83:e7:00:00:02</string>
                </dict>""".formatted(serial, udid));
    }

    public static byte[] securityInfo(String udid, String commandUuid) {
        return result(udid, commandUuid, "Acknowledged", """
                <key>SecurityInfo</key><dict>
                  <key>PasscodePresent</key><true/>
                  <key>PasscodeCompliant</key><true/>
                  <key>HardwareEncryptionCaps</key><integer>3</integer>
                </dict>""");
    }

    public static byte[] result(String udid, String commandUuid, String status, String extra) {
        return plist(("<key>UDID</key><string>%s</string><key>CommandUUID</key><string>%s</string>"
                + "<key>Status</key><string>%s</string>%s").formatted(udid, commandUuid, status, extra));
    }

    /** Any other ServerURL body: {@code body} is the dictionary's keys and values. */
    public static byte[] plistOf(String body) {
        return plist(body);
    }

    private static byte[] plist(String body) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0"><dict>
                %s
                </dict></plist>
                """.formatted(body)).getBytes(StandardCharsets.UTF_8);
    }
}
