package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/**
 * The device's MDM check-in Authenticate, signed with its identity certificate: the hardware and OS
 * it reports. A user enrollment (BYOD) reports an enrollment id instead of UDID and serial number.
 */
@Revision("1")
public record DeviceAuthenticated(DeviceId deviceId, TenantId tenantId, String udid, String enrollmentId,
                                  String serialNumber, String model, String modelName, String productName,
                                  String osVersion, String buildVersion, String deviceName) implements DeviceEvent, TenantEvent {
}
