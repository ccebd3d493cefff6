package org.mdmenroll.events.tenant;

/**
 * Why a device's Automated Device Enrollment request was refused: its serial number is in none of
 * the tenant's ADE tokens, Apple removed it from the tenant's MDM server, or its OS is below the
 * tenant's minimum (it was told to update first).
 */
public enum AdeEnrollmentRefusal { UNKNOWN_SERIAL, REMOVED_FROM_ABM, OS_BELOW_MINIMUM }
