package org.mdmenroll.query.mdm;

/**
 * Where one MDM command of a device entry stands: waiting (QUEUED), handed to the device (SENT),
 * put off by it (NOT_NOW, sent again later), or over: carried out, failed, unreadable to the
 * device, or cancelled before delivery.
 */
public enum DeviceCommandStatus { QUEUED, SENT, NOT_NOW, ACKNOWLEDGED, ERROR, COMMAND_FORMAT_ERROR, CANCELLED }
