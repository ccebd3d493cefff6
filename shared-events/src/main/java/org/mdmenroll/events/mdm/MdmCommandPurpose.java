package org.mdmenroll.events.mdm;

/**
 * Why a command was queued: an admin asked for it, the inventory taken after enrollment, a wipe,
 * retire or reset of the entry, the identity certificate's renewal, or letting an ADE device that
 * awaits configuration continue in Setup Assistant (DeviceConfigured).
 */
public enum MdmCommandPurpose { ADMIN, INVENTORY, WIPE, RETIRE, RESET, CERTIFICATE_RENEWAL, SETUP }
