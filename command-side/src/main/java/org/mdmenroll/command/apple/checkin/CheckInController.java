package org.mdmenroll.command.apple.checkin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.mdmenroll.command.apple.checkin.CheckInMessage.Authenticate;
import org.mdmenroll.command.apple.checkin.CheckInMessage.CheckOut;
import org.mdmenroll.command.apple.checkin.CheckInMessage.TokenUpdate;
import org.mdmenroll.command.apple.checkin.CheckInMessage.UserAuthenticate;
import org.mdmenroll.command.apple.pki.IdentityCertificates;
import org.mdmenroll.command.device.Device;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.RecordCheckInAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.command.device.DeviceDirectory;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.push.MdmPushes;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The CheckInURL of the enrollment profile's MDM payload. Every check-in is first tied to a device
 * entry by the identity certificate the tenant's SCEP endpoint issued (its detached signature in
 * {@code Mdm-Signature}, or a trusted proxy's client certificate); a certificate the tenant did not
 * issue, or one whose device reports other hardware, is refused with 401 and nothing is recorded.
 * Authenticate records what the device is, the device channel's first TokenUpdate completes the
 * enrollment (push token, PushMagic and unlock token kept only sealed), a macOS user channel's
 * TokenUpdate records its user, CheckOut records the removal of the MDM profile.
 */
@RestController
@Tag(name = "Apple MDM check-in", description = "Authenticate, TokenUpdate, CheckOut and UserAuthenticate plists from Apple devices.")
public class CheckInController {

    static final String CHECK_IN = "application/x-apple-aspen-mdm-checkin";
    static final String PLIST = "application/xml";

    private final CheckInSignatures signatures;
    private final IdentityCertificates certificates;
    private final DeviceDirectory devices;
    private final DeviceEnrollments enrollments;
    private final SecretBox secrets;

    public CheckInController(CheckInSignatures signatures, IdentityCertificates certificates,
            DeviceDirectory devices, DeviceEnrollments enrollments, SecretBox secrets) {
        this.signatures = signatures;
        this.certificates = certificates;
        this.devices = devices;
        this.enrollments = enrollments;
        this.secrets = secrets;
    }

    @PutMapping(path = "/t/{tenant}/mdm/checkin", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Apple check-in (plist); 400 for a malformed plist or signature, 401 for a certificate that is not the device's")
    public ResponseEntity<byte[]> checkIn(
            @Parameter(description = "Detached CMS signature of the body by the device's identity certificate (base64)")
            @RequestHeader(name = "Mdm-Signature", required = false) String mdmSignature,
            HttpServletRequest request, @RequestBody(required = false) byte[] body, TenantEntry tenant) {
        byte[] plist = body == null ? new byte[0] : body;
        String proxied = signatures.proxyHeader() == null ? null : request.getHeader(signatures.proxyHeader());
        X509Certificate certificate = signatures.signer(mdmSignature, proxied, plist);
        DeviceId deviceId = certificates.deviceOf(tenant.tenantId(), certificate)
                .orElseThrow(() -> Refusal.unauthorized("unknown-identity-certificate",
                        "The check-in is not signed by an identity certificate this tenant issued."));
        CheckInMessage message = CheckInMessage.parse(plist);
        requireSameHardware(deviceId, message);
        if (message instanceof Authenticate authenticate) {
            enrollments.checkInAuthenticate(tenant.tenantId(), new RecordCheckInAuthenticate(deviceId,
                    authenticate.udid(), authenticate.enrollmentId(), authenticate.serialNumber(), authenticate.model(),
                    authenticate.modelName(), authenticate.productName(), authenticate.osVersion(),
                    authenticate.buildVersion(), authenticate.deviceName()));
        } else if (message instanceof TokenUpdate update) {
            enrollments.checkInTokenUpdate(tenant.tenantId(), new UpdateMdmPushToken(deviceId, update.userId(),
                    update.userShortName(), update.userLongName(), update.topic(),
                    secrets.seal(MdmPushes.PUSH_TOKEN, update.tokenHex()),
                    secrets.seal(MdmPushes.PUSH_MAGIC, update.pushMagic()),
                    update.unlockToken() == null ? null
                            : secrets.seal(MdmPushes.UNLOCK_TOKEN, Base64.getEncoder().encodeToString(update.unlockToken()))));
        } else if (message instanceof CheckOut) {
            enrollments.send(tenant.tenantId(), deviceId, new CheckOutDevice(deviceId));
        } else if (message instanceof UserAuthenticate) {
            // No user authentication beyond the device's: an empty DigestChallenge lets the user
            // channel go on to its TokenUpdate, which records the user.
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(PLIST))
                    .body(EMPTY_DIGEST_CHALLENGE.getBytes(StandardCharsets.UTF_8));
        }
        return ResponseEntity.ok().build();
    }

    /** A check-in naming hardware other than what the entry knows comes from another device. */
    private void requireSameHardware(DeviceId deviceId, CheckInMessage message) {
        Device.requireSameHardware(devices.identityOf(deviceId), message.udid(), null);
    }

    private static final String EMPTY_DIGEST_CHALLENGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>DigestChallenge</key>
              <string></string>
            </dict>
            </plist>
            """;
}
