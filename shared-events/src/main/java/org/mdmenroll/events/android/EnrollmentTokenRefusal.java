package org.mdmenroll.events.android;

/** Why a known enrollment token was not accepted. */
public enum EnrollmentTokenRefusal { EXPIRED, ALREADY_USED, REVOKED }
