package org.mdmenroll.command.device;

import org.mdmenroll.events.TenantId;

import java.time.Instant;

/**
 * Issues device identity certificates from the tenant's CA. The {@link Device} aggregate decides
 * whether a SCEP request deserves one and asks this port only then.
 */
public interface IdentityCertificateIssuer {

    /** An identity certificate: DER, serial number (hex), SHA-256 fingerprint (hex) and expiry. */
    record IssuedCertificate(byte[] der, String serialNumber, String fingerprint, Instant notAfter) {
    }

    /** A certificate for the subject and key of the PKCS#10 request (DER), valid from {@code now}. */
    IssuedCertificate issue(TenantId tenantId, byte[] certificationRequest, Instant now);
}
