package org.mdmenroll.command.apple.checkin;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.StorableText;

import java.util.Map;

/**
 * The property-list dictionary an Apple MDM client sends, read key by key: strings stripped and
 * bounded, data as bytes. Anything else (not a plist, not a dictionary, a value of the wrong type
 * or too long, a required key missing) is refused as bad input, {@code malformed-<kind>} (400).
 */
public final class MdmPlist {

    private final NSDictionary dictionary;
    private final String kind;

    private MdmPlist(NSDictionary dictionary, String kind) {
        this.dictionary = dictionary;
        this.kind = kind;
    }

    /** {@code kind} names the message in refusals, e.g. {@code check-in}. */
    public static MdmPlist parse(byte[] body, String kind) {
        NSObject parsed;
        try {
            parsed = PropertyListParser.parse(body);
        } catch (Exception | StackOverflowError e) {
            throw malformed(kind, "The " + kind + " body is not a property list.");
        }
        if (!(parsed instanceof NSDictionary dictionary)) {
            throw malformed(kind, "The " + kind + " body is not a property list dictionary.");
        }
        if (!storable(dictionary, 0)) {
            throw malformed(kind, "The " + kind + " body has text that cannot be stored"
                    + " (a NUL character or an unpaired surrogate).");
        }
        return new MdmPlist(dictionary, kind);
    }

    /** Every key and string of the plist, at any depth, is text PostgreSQL can store ({@code StorableText}). */
    private static boolean storable(NSObject object, int depth) {
        if (depth > 64) {
            return false;
        }
        if (object instanceof NSString text) {
            return StorableText.storable(text.getContent());
        }
        if (object instanceof NSDictionary dictionary) {
            for (Map.Entry<String, NSObject> entry : dictionary.entrySet()) {
                if (!StorableText.storable(entry.getKey()) || !storable(entry.getValue(), depth + 1)) {
                    return false;
                }
            }
        } else if (object instanceof NSArray array) {
            for (NSObject element : array.getArray()) {
                if (!storable(element, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The whole dictionary, for keys a reader interprets itself (a command's result keys). */
    public NSDictionary dictionary() {
        return dictionary;
    }

    /** The key's string, stripped; null when absent or empty. */
    public String string(String key) {
        NSObject value = dictionary.objectForKey(key);
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

    public String required(String key) {
        String value = string(key);
        if (value == null) {
            throw malformed("The " + kind + " lacks " + key + ".");
        }
        return value;
    }

    /** The key's boolean; false when absent. */
    public boolean flag(String key) {
        NSObject value = dictionary.objectForKey(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof NSNumber number) || !number.isBoolean()) {
            throw malformed(key + " must be a boolean.");
        }
        return number.boolValue();
    }

    public byte[] data(String key) {
        NSObject value = dictionary.objectForKey(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof NSData data)) {
            throw malformed(key + " must be data.");
        }
        return data.bytes();
    }

    public byte[] requiredData(String key) {
        byte[] value = data(key);
        if (value == null || value.length == 0) {
            throw malformed("The " + kind + " lacks " + key + ".");
        }
        return value;
    }

    public Refusal malformed(String detail) {
        return malformed(kind, detail);
    }

    private static Refusal malformed(String kind, String detail) {
        return Refusal.invalid("malformed-" + kind, detail);
    }
}
