package org.mdmenroll.events.android;

/**
 * How the Android agent manages the device: the whole device (fully managed), a work profile on a
 * company-owned device, or a work profile on the user's own device.
 */
public enum AndroidManagementMode {
    FULLY_MANAGED, WORK_PROFILE_COMPANY_OWNED, WORK_PROFILE_PERSONAL;

    /** The organisation owns the device (fully managed, or a work profile on a company-owned device). */
    public boolean companyOwned() {
        return this != WORK_PROFILE_PERSONAL;
    }
}
