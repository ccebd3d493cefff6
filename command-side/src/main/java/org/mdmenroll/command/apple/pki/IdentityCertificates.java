package org.mdmenroll.command.apple.pki;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.support.database.SqlTimes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * The identity certificates the tenant CAs issued, and which device each belongs to: how check-in
 * and SCEP renewal recognise a device by the certificate it presents. Kept from
 * {@link IdentityCertificateIssued} in the transaction that stores it.
 */
@Component
@ProcessingGroup("identity-certificates")
public class IdentityCertificates {

    private final JdbcClient jdbc;
    private final TenantPki pki;
    private final Clock clock;

    public IdentityCertificates(JdbcClient jdbc, TenantPki pki, Clock clock) {
        this.jdbc = jdbc;
        this.pki = pki;
        this.clock = clock;
    }

    /** A certificate the tenant CA issued; {@code replaced} once the device got a newer one. */
    record Known(DeviceId deviceId, String fingerprint, boolean replaced) {
    }

    /**
     * The device the certificate identifies: it verifies against the tenant's CA, is within its
     * validity, was issued to that device and not replaced by a newer one. Otherwise empty.
     */
    public Optional<DeviceId> deviceOf(TenantId tenantId, X509Certificate certificate) {
        return find(tenantId, certificate).filter(known -> !known.replaced()).map(Known::deviceId);
    }

    /** Like {@link #deviceOf}, but a replaced certificate is found too (a renewal then says so). */
    Optional<Known> find(TenantId tenantId, X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        String fingerprint = PkiCertificates.fingerprint(certificate);
        Optional<Known> known = jdbc.sql("""
                        select device_id, replaced from identity_certificate
                        where tenant_id = ? and fingerprint = ? and not_after > ?""")
                .params(tenantId.value(), fingerprint, SqlTimes.utc(clock.instant()))
                .query((rs, row) -> new Known(new DeviceId(rs.getObject("device_id", UUID.class)), fingerprint,
                        rs.getBoolean("replaced")))
                .optional();
        return known.filter(k -> issuedByTenantCa(tenantId, certificate));
    }

    private boolean issuedByTenantCa(TenantId tenantId, X509Certificate certificate) {
        try {
            certificate.verify(pki.caCertificate(tenantId).getPublicKey());
            certificate.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A certificate of a new enrollment replaces the earlier ones at once; a renewed one does not:
     * the device may still sign with its earlier certificate until that expires (a renewal profile
     * takes effect when the device installs it).
     */
    @EventHandler
    void on(IdentityCertificateIssued event) {
        if (!event.renewal()) {
            jdbc.sql("update identity_certificate set replaced = true where device_id = ?")
                    .param(event.deviceId().value()).update();
        }
        jdbc.sql("""
                        insert into identity_certificate (fingerprint, tenant_id, serial_number, device_id, not_after)
                        values (?, ?, ?, ?, ?)""")
                .params(event.fingerprint(), event.tenantId().value(), event.serialNumber(), event.deviceId().value(),
                        SqlTimes.utc(event.notAfter()))
                .update();
    }
}
