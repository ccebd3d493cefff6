package org.mdmenroll.events;

/** An event about one Apple credential of a tenant (push certificate, ADE token, VPP token). */
public interface CredentialEvent {

    CredentialId credentialId();
}
