package org.mdmenroll.command.apple.channel;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what an Acknowledged result says, per request type: DeviceInformation's QueryResponses as
 * the device's inventory, SecurityInfo's answer, and for the other commands a short summary (how many
 * profiles, certificates or applications) for the command's history. Values of the wrong type are
 * left out rather than refused: a device's answer is a fact, and a newer OS may answer more.
 */
public final class CommandResults {

    private CommandResults() {
    }

    public static DeviceInventory inventory(NSDictionary body) {
        NSDictionary answers = body.objectForKey("QueryResponses") instanceof NSDictionary d ? d : new NSDictionary();
        return new DeviceInventory(text(answers, "DeviceName"), text(answers, "Model"), text(answers, "ModelName"),
                text(answers, "ProductName"), text(answers, "OSVersion"), text(answers, "BuildVersion"),
                text(answers, "SerialNumber"), text(answers, "UDID"), text(answers, "IMEI"), text(answers, "MEID"),
                number(answers, "DeviceCapacity"), number(answers, "AvailableDeviceCapacity"),
                bool(answers, "IsSupervised"), bool(answers, "IsActivationLockEnabled"), text(answers, "WiFiMAC"),
                text(answers, "BluetoothMAC"));
    }

    public static DeviceSecurity security(NSDictionary body) {
        NSDictionary info = body.objectForKey("SecurityInfo") instanceof NSDictionary d ? d : new NSDictionary();
        NSDictionary firewall = info.objectForKey("FirewallSettings") instanceof NSDictionary d ? d : null;
        Double caps = number(info, "HardwareEncryptionCaps");
        return new DeviceSecurity(bool(info, "PasscodePresent"), bool(info, "PasscodeCompliant"),
                caps == null ? null : caps.intValue(), bool(info, "FDE_Enabled"),
                bool(info, "SystemIntegrityProtectionEnabled"), firewall == null ? null : bool(firewall, "FirewallEnabled"));
    }

    /** A few words on what the list commands answered (how many profiles, certificates, applications), for their history. */
    public static Map<String, String> summary(NSDictionary body) {
        Map<String, String> summary = new LinkedHashMap<>();
        count(summary, body, "ProfileList", "profiles");
        count(summary, body, "CertificateList", "certificates");
        count(summary, body, "InstalledApplicationList", "applications");
        return summary;
    }

    private static void count(Map<String, String> summary, NSDictionary body, String key, String name) {
        if (body.objectForKey(key) instanceof NSArray array) {
            summary.put(name, Integer.toString(array.count()));
        }
    }

    private static String text(NSDictionary dictionary, String key) {
        NSObject value = dictionary.objectForKey(key);
        if (value instanceof NSString string && !string.getContent().isBlank()) {
            String content = string.getContent().strip();
            return content.length() > 256 ? content.substring(0, 256) : content;
        }
        return null;
    }

    private static Double number(NSDictionary dictionary, String key) {
        return dictionary.objectForKey(key) instanceof NSNumber number && number.type() != NSNumber.BOOLEAN
                ? number.doubleValue() : null;
    }

    private static Boolean bool(NSDictionary dictionary, String key) {
        return dictionary.objectForKey(key) instanceof NSNumber number && number.type() == NSNumber.BOOLEAN
                ? number.boolValue() : null;
    }
}
