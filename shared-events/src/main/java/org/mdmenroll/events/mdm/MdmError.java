package org.mdmenroll.events.mdm;

/** One entry of a device's ErrorChain: the error code, its domain and the device's description of it. */
public record MdmError(Integer code, String domain, String description) {
}
