package org.mdmenroll.command.apple.checkin;

import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import org.mdmenroll.support.problem.Refusal;

import java.util.HexFormat;
import java.util.Map;

/**
 * One check-in plist as Apple's MDM client sends it to the CheckInURL, parsed and checked for the
 * keys its {@code MessageType} must carry. Anything else — not a plist, not a dictionary, a missing
 * key, a type this server does not handle — is refused as bad input before anything is recorded.
 */
public sealed interface CheckInMessage {

    /** The device (UDID) or, for a user enrollment (BYOD), its EnrollmentID. */
    String udid();

    String enrollmentId();

    /** The profile is installed; the device tells what it is. */
    record Authenticate(String udid, String enrollmentId, String topic, String serialNumber, String model,
                        String modelName, String productName, String osVersion, String buildVersion,
                        String deviceName) implements CheckInMessage {
    }

    /**
     * Where the device's (or, with {@code userId}, a macOS user's) MDM client can be reached: the
     * APNs token (hex), the PushMagic to send with pushes, and once the unlock token. Secrets: never
     * logged ({@link #toString()} leaves them out).
     */
    record TokenUpdate(String udid, String enrollmentId, String topic, String tokenHex, String pushMagic,
                       byte[] unlockToken, String userId, String userShortName, String userLongName)
            implements CheckInMessage {

        public boolean userChannel() {
            return userId != null;
        }

        @Override
        public String toString() {
            return "TokenUpdate[udid=" + udid + ", enrollmentId=" + enrollmentId + ", topic=" + topic
                    + ", userId=" + userId + "]";
        }
    }

    /** The MDM profile was removed (CheckOutWhenRemoved). */
    record CheckOut(String udid, String enrollmentId, String topic) implements CheckInMessage {
    }

    /** A macOS user logged in and asks to open a user channel. */
    record UserAuthenticate(String udid, String enrollmentId, String userId, String userShortName,
                            String userLongName) implements CheckInMessage {
    }

    /** Parses a check-in body; refuses (400) whatever is not a check-in this server understands. */
    static CheckInMessage parse(byte[] body) {
        NSDictionary plist = dictionary(body);
        String type = string(plist, "MessageType");
        if (type == null) {
            throw malformed("The check-in has no MessageType.");
        }
        String udid = string(plist, "UDID");
        String enrollmentId = string(plist, "EnrollmentID");
        if (udid == null && enrollmentId == null) {
            throw malformed("The check-in names neither a UDID nor an EnrollmentID.");
        }
        return switch (type) {
            case "Authenticate" -> new Authenticate(udid, enrollmentId, required(plist, "Topic"),
                    string(plist, "SerialNumber"), string(plist, "Model"), string(plist, "ModelName"),
                    string(plist, "ProductName"), string(plist, "OSVersion"), string(plist, "BuildVersion"),
                    string(plist, "DeviceName"));
            case "TokenUpdate" -> new TokenUpdate(udid, enrollmentId, required(plist, "Topic"),
                    HexFormat.of().formatHex(requiredData(plist, "Token")), required(plist, "PushMagic"),
                    data(plist, "UnlockToken"), string(plist, "UserID"), string(plist, "UserShortName"),
                    string(plist, "UserLongName"));
            case "CheckOut" -> new CheckOut(udid, enrollmentId, string(plist, "Topic"));
            case "UserAuthenticate" -> new UserAuthenticate(udid, enrollmentId, required(plist, "UserID"),
                    string(plist, "UserShortName"), string(plist, "UserLongName"));
            default -> throw new Refusal(Refusal.Kind.INVALID, "unsupported-check-in",
                    "This server does not handle check-in messages of type " + type + ".",
                    Map.of("messageType", type.length() > 64 ? type.substring(0, 64) : type));
        };
    }

    private static NSDictionary dictionary(byte[] body) {
        NSObject parsed;
        try {
            parsed = PropertyListParser.parse(body);
        } catch (Exception | StackOverflowError e) {
            throw malformed("The check-in body is not a property list.");
        }
        if (!(parsed instanceof NSDictionary dictionary)) {
            throw malformed("The check-in body is not a property list dictionary.");
        }
        return dictionary;
    }

    private static String string(NSDictionary plist, String key) {
        NSObject value = plist.objectForKey(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof NSString text)) {
            throw malformed(key + " must be a string.");
        }
        String content = text.getContent().strip();
        if (content.length() > 4096) {
            throw malformed(key + " is too long.");
        }
        return content.isEmpty() ? null : content;
    }

    private static String required(NSDictionary plist, String key) {
        String value = string(plist, key);
        if (value == null) {
            throw malformed("The check-in lacks " + key + ".");
        }
        return value;
    }

    private static byte[] data(NSDictionary plist, String key) {
        NSObject value = plist.objectForKey(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof NSData data)) {
            throw malformed(key + " must be data.");
        }
        return data.bytes();
    }

    private static byte[] requiredData(NSDictionary plist, String key) {
        byte[] value = data(plist, key);
        if (value == null || value.length == 0) {
            throw malformed("The check-in lacks " + key + ".");
        }
        return value;
    }

    private static Refusal malformed(String detail) {
        return Refusal.invalid("malformed-check-in", detail);
    }
}
