package org.mdmenroll.events;

/** An event about one device entry: the audit trail names the device as its target. */
public interface DeviceEvent {

    DeviceId deviceId();
}
