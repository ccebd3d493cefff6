package org.mdmenroll.command.apple.ade;

import org.mdmenroll.command.apple.accountdriven.AppleBuilds;
import org.mdmenroll.command.apple.checkin.MdmPlist;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;

/**
 * What a device in Setup Assistant tells about itself when it asks for its ADE enrollment profile:
 * Apple's {@code MachineInfo} plist (UDID, SERIAL, PRODUCT, VERSION, and from iOS 17 / macOS 14
 * OS_VERSION, LANGUAGE and MDM_CAN_REQUEST_SOFTWARE_UPDATE), taken from the content of a signature
 * {@link AppleDeviceSignatures} verified. The OS version is OS_VERSION, or else the major version
 * the build number names.
 */
public record AdeMachineInfo(String udid, String serialNumber, String product, Platform platform, String build,
                             String osVersion, String language, boolean canRequestSoftwareUpdate) {

    static AdeMachineInfo parse(byte[] plist) {
        MdmPlist info = MdmPlist.parse(plist, "machine-info");
        String product = info.required("PRODUCT");
        Platform platform = AppleBuilds.platform(product).orElseThrow(() -> Refusal.invalid("unsupported-device",
                "Automated Device Enrollment here is for iPhone, iPad and Mac (PRODUCT names none)."));
        String build = info.string("VERSION");
        String osVersion = info.string("OS_VERSION");
        if (osVersion == null) {
            osVersion = AppleBuilds.osVersion(platform, build).orElseThrow(() -> info.malformed(
                    "The MachineInfo names neither OS_VERSION nor an Apple OS build in VERSION."));
        }
        return new AdeMachineInfo(info.required("UDID"), info.required("SERIAL").toUpperCase(java.util.Locale.ROOT),
                product, platform, build, osVersion, info.string("LANGUAGE"),
                info.flag("MDM_CAN_REQUEST_SOFTWARE_UPDATE"));
    }
}
