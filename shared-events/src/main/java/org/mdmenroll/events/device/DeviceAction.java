package org.mdmenroll.events.device;

/** A lifecycle action that waits for the device's answer: WIPE (EraseDevice) and RETIRE (RemoveProfile). */
public enum DeviceAction { WIPE, RETIRE }
