package org.mdmenroll.command.apple.channel;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.mdmenroll.command.apple.checkin.DeviceAuthentication;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ConnectMdmChannel;
import org.mdmenroll.command.device.MdmChannelCommands.Delivery;
import org.mdmenroll.command.device.MdmChannelCommands.ReportStatus;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The ServerURL of the enrollment profile's MDM payload, in NanoMDM's layers: authenticate (the
 * identity certificate that signed the body names the device entry, exactly as at check-in), decode
 * ({@link ConnectReport}), dispatch (the entry records the answer and picks the next command), answer
 * (Apple's command plist, or an empty 200 when nothing is due). Any Content-Type, or none, is taken:
 * devices send none here.
 */
@RestController
@Tag(name = "Apple MDM command channel", description = "Devices fetch their MDM commands and report results (ServerURL).")
public class MdmServerController {

    private static final MediaType PLIST = MediaType.APPLICATION_XML;

    private final DeviceAuthentication authentication;
    private final DeviceEnrollments enrollments;
    private final SecretBox secrets;
    private final Duration connectRecordInterval;

    public MdmServerController(DeviceAuthentication authentication, DeviceEnrollments enrollments, SecretBox secrets,
            @Value("${mdm.channel.connect-record-interval:PT1H}") Duration connectRecordInterval) {
        this.authentication = authentication;
        this.enrollments = enrollments;
        this.secrets = secrets;
        this.connectRecordInterval = connectRecordInterval;
    }

    @PutMapping(path = "/t/{tenant}/mdm/server", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Apple MDM connect: Status Idle, Acknowledged, Error, CommandFormatError or NotNow; answered with "
            + "the next command plist or an empty body",
            description = "400 malformed-connect for a body that is no such plist or a malformed signature; 401 when the "
                    + "signing certificate is not a current identity certificate of the tenant, or the entry is no longer "
                    + "managed (deleted, retired, superseded): the device then drops management.")
    public ResponseEntity<byte[]> connect(
            @Parameter(description = "Detached CMS signature of the body by the device's identity certificate (base64)")
            @RequestHeader(name = "Mdm-Signature", required = false) String mdmSignature,
            HttpServletRequest request, @RequestBody(required = false) byte[] body, TenantEntry tenant) {
        byte[] plist = body == null ? new byte[0] : body;
        DeviceId deviceId = authentication.deviceOf(tenant, mdmSignature, request, plist);
        ConnectReport report = ConnectReport.parse(plist);
        authentication.requireSameHardware(deviceId, report.udid());
        Delivery delivery = enrollments.send(tenant.tenantId(), deviceId, new ConnectMdmChannel(deviceId,
                report.channel(), status(report.status()), report.commandUuid(), report.errorChain(),
                result(report), connectRecordInterval));
        if (delivery == null) {
            return ResponseEntity.ok().build();
        }
        byte[] command = secrets.open(SecretPurpose.MDM_COMMAND, delivery.sealedCommand()).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(PLIST).body(AppleCommand.deliverable(delivery.commandUuid(), command));
    }

    private static CommandResult result(ConnectReport report) {
        if (report.status() != ConnectReport.Status.ACKNOWLEDGED) {
            return CommandResult.NONE;
        }
        var body = report.body();
        return new CommandResult(body.containsKey("QueryResponses") ? CommandResults.inventory(body) : null,
                body.containsKey("SecurityInfo") ? CommandResults.security(body) : null, CommandResults.summary(body));
    }

    private static ReportStatus status(ConnectReport.Status status) {
        return switch (status) {
            case IDLE -> ReportStatus.IDLE;
            case ACKNOWLEDGED -> ReportStatus.ACKNOWLEDGED;
            case ERROR -> ReportStatus.ERROR;
            case COMMAND_FORMAT_ERROR -> ReportStatus.COMMAND_FORMAT_ERROR;
            case NOT_NOW -> ReportStatus.NOT_NOW;
        };
    }
}
