package org.mdmenroll.command.apple.channel;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.support.problem.Refusal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request of a device to the profile's ServerURL: which channel it speaks for (the device by
 * UDID or a user enrollment's EnrollmentID; a macOS user channel by UserID), its Status and, for a
 * result, the CommandUUID it answers with the ErrorChain or the command's result keys. Anything else
 * is refused as bad input (400) before anything is recorded.
 */
public record ConnectReport(String udid, String enrollmentId, String userId, Status status, String commandUuid,
                            List<MdmError> errorChain, NSDictionary body) {

    /** Apple's Status values: Idle asks for work, the others answer the command named by CommandUUID. */
    public enum Status {
        IDLE("Idle"), ACKNOWLEDGED("Acknowledged"), ERROR("Error"), COMMAND_FORMAT_ERROR("CommandFormatError"),
        NOT_NOW("NotNow");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Status of(String wire) {
            for (Status status : values()) {
                if (status.wire.equals(wire)) {
                    return status;
                }
            }
            return null;
        }
    }

    public MdmChannel channel() {
        return userId == null ? MdmChannel.DEVICE : MdmChannel.user(userId);
    }

    /** The device's hardware id as it reports it: the UDID, or a user enrollment's EnrollmentID. */
    public String deviceIdentifier() {
        return udid != null ? udid : enrollmentId;
    }

    public boolean isResult() {
        return status != Status.IDLE;
    }

    /** Parses a ServerURL body (XML or binary plist). */
    public static ConnectReport parse(byte[] body) {
        NSDictionary plist = dictionary(body);
        String statusText = string(plist, "Status");
        if (statusText == null) {
            throw malformed("The request has no Status.");
        }
        Status status = Status.of(statusText);
        if (status == null) {
            throw new Refusal(Refusal.Kind.INVALID, "malformed-connect", "Unknown Status " + abbreviated(statusText)
                    + ": one of Idle, Acknowledged, Error, CommandFormatError, NotNow.",
                    Map.of("status", abbreviated(statusText)));
        }
        String udid = string(plist, "UDID");
        String enrollmentId = string(plist, "EnrollmentID");
        if (udid == null && enrollmentId == null) {
            throw malformed("The request names neither a UDID nor an EnrollmentID.");
        }
        String commandUuid = string(plist, "CommandUUID");
        if (status != Status.IDLE && commandUuid == null) {
            throw malformed("A " + status.wire() + " result names the command it answers (CommandUUID).");
        }
        return new ConnectReport(udid, enrollmentId, string(plist, "UserID"), status,
                status == Status.IDLE ? null : commandUuid, errorChain(plist), plist);
    }

    private static List<MdmError> errorChain(NSDictionary plist) {
        NSObject chain = plist.objectForKey("ErrorChain");
        if (chain == null) {
            return List.of();
        }
        if (!(chain instanceof NSArray array)) {
            throw malformed("ErrorChain must be an array.");
        }
        List<MdmError> errors = new ArrayList<>();
        for (NSObject item : array.getArray()) {
            if (!(item instanceof NSDictionary error)) {
                throw malformed("Each ErrorChain entry must be a dictionary.");
            }
            NSObject code = error.objectForKey("ErrorCode");
            String description = string(error, "USEnglishDescription");
            errors.add(new MdmError(code instanceof NSNumber number ? number.intValue() : null,
                    string(error, "ErrorDomain"), description != null ? description
                            : string(error, "LocalizedDescription")));
            if (errors.size() == 20) {
                break;
            }
        }
        return List.copyOf(errors);
    }

    private static NSDictionary dictionary(byte[] body) {
        NSObject parsed;
        try {
            parsed = PropertyListParser.parse(body);
        } catch (Exception | StackOverflowError e) {
            throw malformed("The request body is not a property list.");
        }
        if (!(parsed instanceof NSDictionary dictionary)) {
            throw malformed("The request body is not a property list dictionary.");
        }
        return dictionary;
    }

    static String string(NSDictionary plist, String key) {
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

    private static String abbreviated(String text) {
        return text.length() > 64 ? text.substring(0, 64) : text;
    }

    private static Refusal malformed(String detail) {
        return Refusal.invalid("malformed-connect", detail);
    }
}
