package org.mdmenroll.query.device;

import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.HardwareIdentity;

/**
 * What the device list keeps of what a device says about itself (Authenticate, DeviceInformation)
 * where it shares the list's older, bounded columns: cut to their widths, since a device's answer
 * must never stop the projection. The device list and the as-of state both read reports this way.
 */
public final class DeviceReports {

    private DeviceReports() {
    }

    /** Serial number, UDID and IMEI as the entry's identity keeps them (normalised, within their columns). */
    public static HardwareIdentity identity(String serialNumber, String udid, String imei) {
        return new HardwareIdentity(fit(serialNumber, 100), fit(udid, 100), fit(imei, 20), null);
    }

    /** The model the list shows: the product name (iPhone16,1) if the device gave one, else its model. */
    public static String model(String productName, String model) {
        return fit(productName != null ? productName : model, 100);
    }

    public static String osVersion(String osVersion) {
        return fit(osVersion, 20);
    }

    public static String deviceName(String deviceName) {
        return fit(deviceName, 200);
    }

    /** The action and why it did not happen, e.g. WIPE_FAILED or RETIRE_CANCELLED. */
    public static String reverted(DeviceActionReverted event) {
        return event.action().name() + "_" + event.reason().name();
    }

    private static String fit(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
