package org.mdmenroll.support.testing.apple;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Check-in bodies as an Apple MDM client writes them (XML plists). */
public final class CheckInPlists {

    private CheckInPlists() {
    }

    public static byte[] authenticate(String udid, String serial, String topic, String osVersion) {
        return plist("""
                <key>MessageType</key><string>Authenticate</string>
                <key>UDID</key><string>%s</string>
                <key>SerialNumber</key><string>%s</string>
                <key>Topic</key><string>%s</string>
                <key>OSVersion</key><string>%s</string>
                <key>BuildVersion</key><string>22E240</string>
                <key>Model</key><string>iPhone17,2</string>
                <key>ModelName</key><string>iPhone</string>
                <key>ProductName</key><string>iPhone17,2</string>
                <key>DeviceName</key><string>Test iPhone</string>
                """.formatted(udid, serial, topic, osVersion));
    }

    /** A Mac escrows its bootstrap token. */
    public static byte[] setBootstrapToken(String udid, byte[] token) {
        return plist("""
                <key>MessageType</key><string>SetBootstrapToken</string>
                <key>UDID</key><string>%s</string>
                <key>BootstrapToken</key><data>%s</data>
                """.formatted(udid, Base64.getEncoder().encodeToString(token)));
    }

    public static byte[] getBootstrapToken(String udid) {
        return plist("""
                <key>MessageType</key><string>GetBootstrapToken</string>
                <key>UDID</key><string>%s</string>
                """.formatted(udid));
    }

    public static byte[] tokenUpdate(String udid, String topic, byte[] token, String pushMagic) {
        return plist("""
                <key>MessageType</key><string>TokenUpdate</string>
                <key>UDID</key><string>%s</string>
                <key>Topic</key><string>%s</string>
                <key>Token</key><data>%s</data>
                <key>PushMagic</key><string>%s</string>
                <key>UnlockToken</key><data>%s</data>
                """.formatted(udid, topic, Base64.getEncoder().encodeToString(token), pushMagic,
                Base64.getEncoder().encodeToString("unlock-token-secret".getBytes(StandardCharsets.UTF_8))));
    }

    public static byte[] userTokenUpdate(String udid, String topic, byte[] token, String pushMagic, String userId,
            String shortName) {
        return plist("""
                <key>MessageType</key><string>TokenUpdate</string>
                <key>UDID</key><string>%s</string>
                <key>Topic</key><string>%s</string>
                <key>Token</key><data>%s</data>
                <key>PushMagic</key><string>%s</string>
                <key>UserID</key><string>%s</string>
                <key>UserShortName</key><string>%s</string>
                <key>UserLongName</key><string>Test User</string>
                """.formatted(udid, topic, Base64.getEncoder().encodeToString(token), pushMagic, userId, shortName));
    }

    public static byte[] userAuthenticate(String udid, String userId, String shortName) {
        return plist("""
                <key>MessageType</key><string>UserAuthenticate</string>
                <key>UDID</key><string>%s</string>
                <key>UserID</key><string>%s</string>
                <key>UserShortName</key><string>%s</string>
                """.formatted(udid, userId, shortName));
    }

    public static byte[] checkOut(String udid, String topic) {
        return plist("""
                <key>MessageType</key><string>CheckOut</string>
                <key>UDID</key><string>%s</string>
                <key>Topic</key><string>%s</string>
                """.formatted(udid, topic));
    }

    public static byte[] plist(String dictionaryContent) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                """ + dictionaryContent + """
                </dict>
                </plist>
                """).getBytes(StandardCharsets.UTF_8);
    }
}
