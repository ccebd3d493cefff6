package org.mdmenroll.command.apple.checkin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CheckInURL of the enrollment profile's MDM payload, in three layers each of its own class:
 * authenticate ({@link DeviceAuthentication}: the identity certificate that signed the check-in, or
 * a trusted proxy's client certificate, names the device entry), decode ({@link CheckInMessage}: the
 * plist and its MessageType), dispatch ({@link CheckInDispatcher}: what the message records). A
 * certificate the tenant did not issue, or one whose device reports other hardware, is refused with
 * 401 and nothing is recorded; a check-in that is not one this server understands, with 400.
 */
@RestController
@Tag(name = "Apple MDM check-in", description = "Authenticate, TokenUpdate, CheckOut and UserAuthenticate plists from Apple devices.")
public class CheckInController {

    static final String CHECK_IN = "application/x-apple-aspen-mdm-checkin";
    static final String PLIST = "application/xml";

    private final DeviceAuthentication authentication;
    private final CheckInDispatcher dispatcher;

    public CheckInController(DeviceAuthentication authentication, CheckInDispatcher dispatcher) {
        this.authentication = authentication;
        this.dispatcher = dispatcher;
    }

    @PutMapping(path = "/t/{tenant}/mdm/checkin", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Apple check-in (plist); 400 for a malformed plist or signature, 401 for a certificate that is not the device's")
    public ResponseEntity<byte[]> checkIn(
            @Parameter(description = "Detached CMS signature of the body by the device's identity certificate (base64)")
            @RequestHeader(name = "Mdm-Signature", required = false) String mdmSignature,
            HttpServletRequest request, @RequestBody(required = false) byte[] body, TenantEntry tenant) {
        byte[] plist = body == null ? new byte[0] : body;
        DeviceId deviceId = authentication.deviceOf(tenant, mdmSignature, request, plist);
        CheckInMessage message = CheckInMessage.parse(plist);
        authentication.requireSameHardware(deviceId, message.udid());
        byte[] answer = dispatcher.dispatch(tenant.tenantId(), deviceId, message);
        return answer == null ? ResponseEntity.ok().build()
                : ResponseEntity.ok().contentType(MediaType.parseMediaType(PLIST)).body(answer);
    }
}
