package org.mdmenroll.command.apple.channel;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Apple MDM command (the {@code Command} dictionary of Apple's command plist): its RequestType,
 * the parameters an admin may read (secrets such as a PIN or a profile are left out) and the whole
 * dictionary as the device receives it, which is kept only sealed.
 */
public record AppleCommand(String requestType, Map<String, String> parameters, byte[] command) {

    /** What DeviceInformation asks after enrollment: identity, OS, capacity and management facts. */
    public static final List<String> INVENTORY_QUERIES = List.of("DeviceName", "Model", "ModelName", "ProductName",
            "OSVersion", "BuildVersion", "SerialNumber", "UDID", "IMEI", "MEID", "DeviceCapacity",
            "AvailableDeviceCapacity", "IsSupervised", "IsActivationLockEnabled", "WiFiMAC", "BluetoothMAC");

    public static AppleCommand deviceInformation() {
        NSDictionary command = command("DeviceInformation");
        command.put("Queries", NSArray.fromJavaObject(INVENTORY_QUERIES));
        return of(command, Map.of("Queries", String.join(",", INVENTORY_QUERIES)));
    }

    public static AppleCommand securityInfo() {
        return of(command("SecurityInfo"), Map.of());
    }

    public static AppleCommand profileList() {
        return of(command("ProfileList"), Map.of());
    }

    public static AppleCommand certificateList() {
        return of(command("CertificateList"), Map.of());
    }

    public static AppleCommand installedApplicationList() {
        return of(command("InstalledApplicationList"), Map.of());
    }

    public static AppleCommand restartDevice() {
        return of(command("RestartDevice"), Map.of());
    }

    /** Lets an ADE device that awaits configuration continue in Setup Assistant. */
    public static AppleCommand deviceConfigured() {
        return of(command("DeviceConfigured"), Map.of());
    }

    public static AppleCommand shutDownDevice() {
        return of(command("ShutDownDevice"), Map.of());
    }

    /** Lock with an optional message and phone number on the lock screen; {@code pin} for a Mac (six digits). */
    public static AppleCommand deviceLock(String message, String phoneNumber, String pin) {
        NSDictionary command = command("DeviceLock");
        Map<String, String> shown = new LinkedHashMap<>();
        putText(command, shown, "Message", message);
        putText(command, shown, "PhoneNumber", phoneNumber);
        if (pin != null) {
            command.put("PIN", pin);
            shown.put("PIN", "set");
        }
        return of(command, shown);
    }

    /** Erase the device; {@code pin} for Macs that need one, the data plan kept on iOS when asked. */
    public static AppleCommand eraseDevice(String pin, boolean preserveDataPlan, boolean disallowProximitySetup) {
        NSDictionary command = command("EraseDevice");
        Map<String, String> shown = new LinkedHashMap<>();
        if (pin != null) {
            command.put("PIN", pin);
            shown.put("PIN", "set");
        }
        if (preserveDataPlan) {
            command.put("PreserveDataPlan", true);
            shown.put("PreserveDataPlan", "true");
        }
        if (disallowProximitySetup) {
            command.put("DisallowProximitySetup", true);
            shown.put("DisallowProximitySetup", "true");
        }
        return of(command, shown);
    }

    /** Remove the profile with this identifier: for the enrollment profile, the device leaves management. */
    public static AppleCommand removeProfile(String identifier) {
        NSDictionary command = command("RemoveProfile");
        command.put("Identifier", identifier);
        return of(command, Map.of("Identifier", identifier));
    }

    /** Install a (signed) profile; its content holds a SCEP challenge, so only its size is shown. */
    public static AppleCommand installProfile(byte[] profile, String purpose) {
        NSDictionary command = command("InstallProfile");
        command.put("Payload", new NSData(profile));
        return of(command, Map.of("Profile", purpose));
    }

    /** The plist the device receives: {@code {CommandUUID, Command}} with the (unsealed) command dictionary. */
    public static byte[] deliverable(String commandUuid, byte[] command) {
        NSDictionary plist = new NSDictionary();
        plist.put("CommandUUID", commandUuid);
        plist.put("Command", parse(command));
        return plist.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }

    private static NSObject parse(byte[] command) {
        try {
            return PropertyListParser.parse(command);
        } catch (Exception e) {
            throw new IllegalStateException("A queued command is not a property list", e);
        }
    }

    private static NSDictionary command(String requestType) {
        NSDictionary command = new NSDictionary();
        command.put("RequestType", requestType);
        return command;
    }

    private static void putText(NSDictionary command, Map<String, String> shown, String key, String value) {
        if (value != null && !value.isBlank()) {
            command.put(key, new NSString(value));
            shown.put(key, value);
        }
    }

    private static AppleCommand of(NSDictionary command, Map<String, String> shown) {
        return new AppleCommand(((NSString) command.objectForKey("RequestType")).getContent(), Map.copyOf(shown),
                command.toXMLPropertyList().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AppleCommand[" + requestType + ", " + parameters + "]";
    }
}
