package org.mdmenroll.command.apple.profile;

import org.mdmenroll.events.tenant.AccountDrivenEnrollmentMode;

/** The two kinds of Apple account-driven enrollment, as the MDM payload's EnrollmentMode names them. */
public enum AccountDrivenMode {
    /** Account-driven device enrollment: the organisation manages the whole device. */
    ADDE,
    /** Account-driven user enrollment of a personal device: a managed partition only, fewer rights. */
    BYOD;

    /** The profile's mode for a tenant's or user's setting: DEVICE is ADDE, USER is BYOD. */
    public static AccountDrivenMode of(AccountDrivenEnrollmentMode setting) {
        return setting == AccountDrivenEnrollmentMode.DEVICE ? ADDE : BYOD;
    }
}
