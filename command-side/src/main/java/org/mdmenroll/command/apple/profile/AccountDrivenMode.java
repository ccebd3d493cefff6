package org.mdmenroll.command.apple.profile;

/** The two kinds of Apple account-driven enrollment, as the MDM payload's EnrollmentMode names them. */
public enum AccountDrivenMode {
    /** Account-driven device enrollment: the organisation manages the whole device. */
    ADDE,
    /** Account-driven user enrollment of a personal device: a managed partition only, fewer rights. */
    BYOD
}
