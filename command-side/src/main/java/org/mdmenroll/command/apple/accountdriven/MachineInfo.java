package org.mdmenroll.command.apple.accountdriven;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.web.StorableText;

/**
 * What an Apple device tells about itself when it asks for its enrollment profile: the
 * {@code MachineInfo} plist (PRODUCT, VERSION, and for a device enrollment UDID and SERIAL; a user
 * enrollment sends no hardware identifiers). Devices send it as a CMS SignedData wrapping the plist
 * or as the plain plist; both are read. The signature (by Apple's device attestation chain) is not
 * verified here: the user's sign-in is what authorises the profile.
 */
record MachineInfo(String product, String version, String udid, String serialNumber) {

    static MachineInfo parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw Refusal.invalid("malformed-machine-info", "The request carries no MachineInfo.");
        }
        byte[] plist = unwrap(body);
        NSObject parsed;
        try {
            parsed = PropertyListParser.parse(plist);
        } catch (Exception | StackOverflowError e) {
            throw Refusal.invalid("malformed-machine-info", "The MachineInfo is not a property list.");
        }
        if (!(parsed instanceof NSDictionary info)) {
            throw Refusal.invalid("malformed-machine-info", "The MachineInfo is not a property list dictionary.");
        }
        return new MachineInfo(string(info, "PRODUCT"), string(info, "VERSION"), string(info, "UDID"),
                string(info, "SERIAL"));
    }

    /** A signed MachineInfo's content; a body that is no CMS structure is taken as the plist itself. */
    private static byte[] unwrap(byte[] body) {
        if (body[0] != 0x30) {
            return body;
        }
        try {
            CMSSignedData signed = new CMSSignedData(body);
            if (signed.getSignedContent() == null || !(signed.getSignedContent().getContent() instanceof byte[] content)) {
                throw Refusal.invalid("malformed-machine-info", "The signed MachineInfo carries no content.");
            }
            return content;
        } catch (CMSException | RuntimeException e) {
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw Refusal.invalid("malformed-machine-info", "The MachineInfo is neither a plist nor a CMS SignedData.");
        }
    }

    private static String string(NSDictionary info, String key) {
        NSObject value = info.objectForKey(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof NSString text) || text.getContent().length() > 200) {
            throw Refusal.invalid("malformed-machine-info", key + " must be a short string.");
        }
        if (!StorableText.storable(text.getContent())) {
            throw Refusal.invalid("malformed-machine-info", key + " has text that cannot be stored"
                    + " (a NUL character or an unpaired surrogate).");
        }
        String content = text.getContent().strip();
        return content.isEmpty() ? null : content;
    }
}
