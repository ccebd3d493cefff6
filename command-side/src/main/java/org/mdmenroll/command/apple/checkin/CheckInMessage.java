package org.mdmenroll.command.apple.checkin;

import org.mdmenroll.support.problem.Refusal;

import java.util.HexFormat;
import java.util.Map;

/**
 * One check-in plist as Apple's MDM client sends it to the CheckInURL, read ({@link MdmPlist}) and
 * checked for the keys its {@code MessageType} must carry. Anything else — not a plist, not a
 * dictionary, a missing key, a type this server does not handle — is refused as bad input before
 * anything is recorded.
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
     * APNs token (hex), the PushMagic to send with pushes, and once the unlock token. An ADE device
     * in Setup Assistant whose profile awaits configuration says {@code AwaitingConfiguration} until
     * it gets DeviceConfigured. Secrets: never logged ({@link #toString()} leaves them out).
     */
    record TokenUpdate(String udid, String enrollmentId, String topic, String tokenHex, String pushMagic,
                       byte[] unlockToken, String userId, String userShortName, String userLongName,
                       boolean awaitingConfiguration)
            implements CheckInMessage {

        public boolean userChannel() {
            return userId != null;
        }

        @Override
        public String toString() {
            return "TokenUpdate[udid=" + udid + ", enrollmentId=" + enrollmentId + ", topic=" + topic
                    + ", userId=" + userId + ", awaitingConfiguration=" + awaitingConfiguration + "]";
        }
    }

    /** The MDM profile was removed (CheckOutWhenRemoved). */
    record CheckOut(String udid, String enrollmentId, String topic) implements CheckInMessage {
    }

    /** A macOS user logged in and asks to open a user channel. */
    record UserAuthenticate(String udid, String enrollmentId, String userId, String userShortName,
                            String userLongName) implements CheckInMessage {
    }

    /** A Mac escrows its bootstrap token (macOS 10.15+, with the profile's bootstraptoken capability); none: it removed it. */
    record SetBootstrapToken(String udid, String enrollmentId, byte[] bootstrapToken) implements CheckInMessage {
        @Override
        public String toString() {
            return "SetBootstrapToken[udid=" + udid + ", token=" + (bootstrapToken != null) + "]";
        }
    }

    /** A Mac asks for its escrowed bootstrap token back (e.g. to grant a new user a secure token). */
    record GetBootstrapToken(String udid, String enrollmentId) implements CheckInMessage {
    }

    /** Parses a check-in body; refuses (400) whatever is not a check-in this server understands. */
    static CheckInMessage parse(byte[] body) {
        MdmPlist plist = MdmPlist.parse(body, "check-in");
        String type = plist.string("MessageType");
        if (type == null) {
            throw plist.malformed("The check-in has no MessageType.");
        }
        String udid = plist.string("UDID");
        String enrollmentId = plist.string("EnrollmentID");
        if (udid == null && enrollmentId == null) {
            throw plist.malformed("The check-in names neither a UDID nor an EnrollmentID.");
        }
        return switch (type) {
            case "Authenticate" -> new Authenticate(udid, enrollmentId, plist.required("Topic"),
                    plist.string("SerialNumber"), plist.string("Model"), plist.string("ModelName"),
                    plist.string("ProductName"), plist.string("OSVersion"), plist.string("BuildVersion"),
                    plist.string("DeviceName"));
            case "TokenUpdate" -> new TokenUpdate(udid, enrollmentId, plist.required("Topic"),
                    HexFormat.of().formatHex(plist.requiredData("Token")), plist.required("PushMagic"),
                    plist.data("UnlockToken"), plist.string("UserID"), plist.string("UserShortName"),
                    plist.string("UserLongName"), plist.flag("AwaitingConfiguration"));
            case "CheckOut" -> new CheckOut(udid, enrollmentId, plist.string("Topic"));
            case "SetBootstrapToken" -> new SetBootstrapToken(udid, enrollmentId, plist.data("BootstrapToken"));
            case "GetBootstrapToken" -> new GetBootstrapToken(udid, enrollmentId);
            case "UserAuthenticate" -> new UserAuthenticate(udid, enrollmentId, plist.required("UserID"),
                    plist.string("UserShortName"), plist.string("UserLongName"));
            default -> throw new Refusal(Refusal.Kind.INVALID, "unsupported-check-in",
                    "This server does not handle check-in messages of type " + type + ".",
                    Map.of("messageType", type.length() > 64 ? type.substring(0, 64) : type));
        };
    }
}
