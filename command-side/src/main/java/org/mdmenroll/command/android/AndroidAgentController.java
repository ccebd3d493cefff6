package org.mdmenroll.command.android;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.mdmenroll.command.android.AndroidEnrollments.AgentRequest;
import org.mdmenroll.command.android.AndroidEnrollments.Outcome;
import org.mdmenroll.command.device.DeviceCommands.RecordManualCaCertificatesRemoved;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.EnrollmentSessions;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.audit.AuditMetadata.ActorType;
import org.mdmenroll.support.audit.RequestActor;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.Map;

/**
 * Device-facing calls of the Android agent (device policy controller): enroll with the token from
 * the provisioning QR code, then report what happens on the device, authenticated by the agent
 * secret the enrollment answered. The agent's {@code ENROLLED} completes the enrollment: the
 * device is ACTIVE only once the agent is installed as device owner or profile owner and says so.
 */
@RestController
@Tag(name = "Android agent", description = "The Android agent enrolls with its enrollment token, reports device "
        + "facts and carries out its commands.")
public class AndroidAgentController {

    /** Agent event types: the agent finished provisioning; it removed manually installed CA certificates. */
    static final String ENROLLED = "ENROLLED";
    static final String CA_CERTIFICATES_REMOVED = "CA_CERTIFICATES_REMOVED";

    private final EnrollmentTokens tokens;
    private final EnrollmentSessions sessions;
    private final AndroidEnrollments androidEnrollments;
    private final AndroidAgents agents;
    private final DeviceEnrollments enrollments;
    private final SecretBox secrets;

    public AndroidAgentController(EnrollmentTokens tokens, EnrollmentSessions sessions,
            AndroidEnrollments androidEnrollments, AndroidAgents agents, DeviceEnrollments enrollments,
            SecretBox secrets) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.androidEnrollments = androidEnrollments;
        this.agents = agents;
        this.enrollments = enrollments;
        this.secrets = secrets;
    }

    public record AgentEnrollRequest(@NotBlank @Size(max = 200) String enrollmentToken, @NotNull Integer sdkInt,
                                     @NotNull AndroidManagementMode managementMode, @Size(max = 100) String serialNumber,
                                     @Size(max = 20) String imei, @Size(max = 200) String enterpriseSpecificId,
                                     @Size(max = 4096) String fcmToken) {
        @Override
        public String toString() {
            return "AgentEnrollRequest[sdkInt=" + sdkInt + ", managementMode=" + managementMode + "]";
        }
    }

    /** {@code agentSecret} authenticates the agent's later calls ({@code Authorization: Bearer}); shown once. */
    public record AgentEnrollResponse(DeviceId deviceId, boolean reEnrolled, String agentSecret) {
        @Override
        public String toString() {
            return "AgentEnrollResponse[deviceId=" + deviceId + ", reEnrolled=" + reEnrolled + "]";
        }
    }

    @PostMapping("/t/{tenant}/android/enroll")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Enroll with the QR code's enrollment token (a token for no particular user needs the "
            + "Bearer session of a user who logged in on the device); Android 9 reuses its entry, 10+ gets a new one")
    public AgentEnrollResponse enroll(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Valid @RequestBody AgentEnrollRequest request, TenantEntry tenant) {
        HardwareIdentity identity = new HardwareIdentity(request.serialNumber(), null, request.imei(),
                request.enterpriseSpecificId());
        if (identity.isUnknown()) {
            throw Refusal.invalid("hardware-identity-required",
                    "An Android enrollment names its hardware: serial number, IMEI or enterprise-specific id.");
        }
        AndroidVersions.release(request.sdkInt());
        EnrollmentTokens.Entry token = tokens.requireByToken(tenant.tenantId(), request.enrollmentToken());
        RequestActor.actingAs(ActorType.DEVICE, "enrollment-token:" + token.enrollmentTokenId());
        UserId sessionUser = token.userId() == null && authorization != null
                ? loggedIn(tenant, authorization) : null;
        PushChannel push = request.fcmToken() == null || request.fcmToken().isBlank() ? null
                : new PushChannel(PushChannel.Type.FCM, secrets.seal(SecretPurpose.APP_PUSH_TOKEN,
                        request.fcmToken().strip()));
        Outcome outcome = androidEnrollments.enroll(tenant.tenantId(), token, sessionUser,
                new AgentRequest(request.sdkInt(), request.managementMode(), identity, push));
        if (outcome.refusal() != null) {
            throw switch (outcome.refusal()) {
                case EXPIRED -> new Refusal(Refusal.Kind.GONE, "enrollment-token-expired",
                        "This enrollment token expired; ask your administrator for a new QR code.");
                case REVOKED -> new Refusal(Refusal.Kind.GONE, "enrollment-token-revoked",
                        "This enrollment token was revoked; ask your administrator for a new QR code.");
                case ALREADY_USED -> Refusal.conflict("enrollment-token-already-used",
                        "This one-time enrollment token was already used; ask your administrator for a new QR code.");
            };
        }
        return new AgentEnrollResponse(outcome.deviceId(), outcome.reEnrolled(), outcome.agentSecret());
    }

    /** {@code type} is one of ENROLLED, CA_CERTIFICATES_REMOVED; other members are ignored. */
    public record AgentEvent(@NotBlank @Size(max = 50) String type) {
    }

    @PostMapping("/t/{tenant}/android/{deviceId}/events")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Report an agent event (Bearer agent secret): ENROLLED completes the enrollment; "
            + "CA_CERTIFICATES_REMOVED records removed manually installed CA certificates (company-owned only)")
    public void event(@PathVariable DeviceId deviceId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Valid @RequestBody AgentEvent event, TenantEntry tenant) {
        agents.authenticate(tenant.tenantId(), deviceId, authorization);
        String type = event.type().strip().toUpperCase(Locale.ROOT);
        if (!type.equals(ENROLLED) && !type.equals(CA_CERTIFICATES_REMOVED)) {
            throw new Refusal(Refusal.Kind.INVALID, "unknown-agent-event",
                    "Unknown agent event type; known are " + ENROLLED + " and " + CA_CERTIFICATES_REMOVED + ".",
                    Map.of("eventType", event.type()));
        }
        if (type.equals(ENROLLED)) {
            enrollments.enroll(deviceId, null, null);
        } else {
            enrollments.send(tenant.tenantId(), deviceId, new RecordManualCaCertificatesRemoved(deviceId));
        }
    }

    /** The user who logged in on the device (enrollment app or agent), with a password set. */
    private UserId loggedIn(TenantEntry tenant, String authorization) {
        return sessions.authenticate(tenant.tenantId(), authorization).requirePasswordSet().userId();
    }
}
