package org.mdmenroll.command.apple.channel;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import org.mdmenroll.command.apple.checkin.MdmPlist;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.support.problem.Refusal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private static final String KIND = "connect";
    private static final int MAX_ERRORS = 20;

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
        MdmPlist plist = MdmPlist.parse(body, KIND);
        String statusText = plist.required("Status");
        Status status = Status.of(statusText);
        if (status == null) {
            throw new Refusal(Refusal.Kind.INVALID, "malformed-" + KIND, "Unknown Status " + abbreviated(statusText)
                    + ": one of Idle, Acknowledged, Error, CommandFormatError, NotNow.",
                    Map.of("reportedStatus", abbreviated(statusText)));
        }
        String udid = plist.string("UDID");
        String enrollmentId = plist.string("EnrollmentID");
        if (udid == null && enrollmentId == null) {
            throw plist.malformed("The request names neither a UDID nor an EnrollmentID.");
        }
        String commandUuid = status == Status.IDLE ? null : plist.string("CommandUUID");
        if (status != Status.IDLE && commandUuid == null) {
            throw plist.malformed("A " + status.wire() + " result names the command it answers (CommandUUID).");
        }
        return new ConnectReport(udid, enrollmentId, plist.string("UserID"), status, commandUuid,
                errorChain(plist), plist.dictionary());
    }

    private static List<MdmError> errorChain(MdmPlist plist) {
        NSObject chain = plist.dictionary().objectForKey("ErrorChain");
        if (chain == null) {
            return List.of();
        }
        if (!(chain instanceof NSArray array)) {
            throw plist.malformed("ErrorChain must be an array.");
        }
        List<MdmError> errors = new ArrayList<>();
        for (NSObject item : array.getArray()) {
            if (!(item instanceof NSDictionary error)) {
                throw plist.malformed("Each ErrorChain entry must be a dictionary.");
            }
            errors.add(new MdmError(error.objectForKey("ErrorCode") instanceof NSNumber code ? code.intValue() : null,
                    text(error, "ErrorDomain"), Optional.ofNullable(text(error, "USEnglishDescription"))
                            .orElse(text(error, "LocalizedDescription"))));
            if (errors.size() == MAX_ERRORS) {
                break;
            }
        }
        return List.copyOf(errors);
    }

    /** An ErrorChain text, bounded; what is not text is left out (the chain is the device's word, not input to refuse). */
    private static String text(NSDictionary dictionary, String key) {
        if (dictionary.objectForKey(key) instanceof NSString value && !value.getContent().isBlank()) {
            String content = value.getContent().strip();
            return content.length() > 1024 ? content.substring(0, 1024) : content;
        }
        return null;
    }

    private static String abbreviated(String text) {
        return text.length() > 64 ? text.substring(0, 64) : text;
    }
}
