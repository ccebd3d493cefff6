package org.mdmenroll.events.mdm;

/**
 * What a device says it is (DeviceInformation's QueryResponses, or the Android agent's report);
 * any field the device did not answer is null. Capacities in GB as the device reports them.
 */
public record DeviceInventory(String deviceName, String model, String modelName, String productName,
                              String osVersion, String buildVersion, String serialNumber, String udid,
                              String imei, String meid, Double deviceCapacityGb, Double availableCapacityGb,
                              Boolean supervised, Boolean activationLockEnabled, String wifiMac,
                              String bluetoothMac) {
}
