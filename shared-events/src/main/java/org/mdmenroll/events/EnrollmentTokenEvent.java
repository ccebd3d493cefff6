package org.mdmenroll.events;

/** An event that names an Android enrollment token. */
public interface EnrollmentTokenEvent {

    EnrollmentTokenId enrollmentTokenId();
}
