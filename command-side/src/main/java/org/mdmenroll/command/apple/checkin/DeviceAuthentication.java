package org.mdmenroll.command.apple.checkin;

import jakarta.servlet.http.HttpServletRequest;
import org.mdmenroll.command.apple.pki.IdentityCertificates;
import org.mdmenroll.command.device.Device;
import org.mdmenroll.command.device.DeviceDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Component;

import java.security.cert.X509Certificate;

/**
 * Which device entry an MDM request comes from, before anything it says is acted on: the
 * certificate that signed it ({@link CheckInSignatures}) must be a current identity certificate
 * this tenant issued, and the UDID it names the entry's hardware. Otherwise 401. The check-in uses
 * it; so can any endpoint Apple's MDM client calls with the same identity.
 */
@Component
public class DeviceAuthentication {

    private final CheckInSignatures signatures;
    private final IdentityCertificates certificates;
    private final DeviceDirectory devices;

    public DeviceAuthentication(CheckInSignatures signatures, IdentityCertificates certificates,
            DeviceDirectory devices) {
        this.signatures = signatures;
        this.certificates = certificates;
        this.devices = devices;
    }

    /** The entry whose identity certificate signed {@code body} ({@code Mdm-Signature}) or the trusted proxy passed. */
    public DeviceId deviceOf(TenantEntry tenant, String mdmSignature, HttpServletRequest request, byte[] body) {
        String proxied = signatures.proxyHeader() == null ? null : request.getHeader(signatures.proxyHeader());
        X509Certificate certificate = signatures.signer(mdmSignature, proxied, body);
        DeviceId deviceId = certificates.deviceOf(tenant.tenantId(), certificate)
                .orElseThrow(() -> Refusal.unauthorized("unknown-identity-certificate",
                        "The check-in is not signed by an identity certificate this tenant issued."));
        // What the request records is the device's doing: the history and the audit trail name it.
        RequestActor.actingAs(ActorType.DEVICE, deviceId.toString());
        return deviceId;
    }

    /** A request naming other hardware than the entry knows comes from another device (the entry's rule). */
    public void requireSameHardware(DeviceId deviceId, String udid) {
        Device.requireSameHardware(devices.identityOf(deviceId), udid, null);
    }
}
