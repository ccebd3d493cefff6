package org.mdmenroll.command.android;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.android.AndroidCommands.RedeemEnrollmentToken;
import org.mdmenroll.command.android.AndroidCommands.Redemption;
import org.mdmenroll.command.device.DeviceCommands.RegisterAndroidAgent;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.device.DeviceEnrollments.Enrollment;
import org.mdmenroll.command.user.EnrollmentSessions;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.android.EnrollmentTokenRefusal;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An Android agent enrolls with the token from its provisioning QR code. Redeeming the token,
 * starting (or, on Android 9, reusing) the entry through {@link DeviceEnrollments} and registering
 * the agent commit together: a device that cannot enroll (say, no hardware identity) has used up
 * nothing. A token refused as expired, used or revoked is recorded, and that record commits too.
 */
@Service
public class AndroidEnrollments {

    private final CommandGateway commands;
    private final DeviceEnrollments enrollments;
    private final EnrollmentSessions sessions;

    public AndroidEnrollments(CommandGateway commands, DeviceEnrollments enrollments, EnrollmentSessions sessions) {
        this.commands = commands;
        this.enrollments = enrollments;
        this.sessions = sessions;
    }

    /** What the agent reports; the FCM token (nudges) arrives sealed. */
    public record AgentRequest(int sdkInt, AndroidManagementMode managementMode, HardwareIdentity identity,
                               PushChannel pushChannel) {
    }

    /** Enrolled (with the agent's secret, handed out once) or refused because of the token. */
    public record Outcome(DeviceId deviceId, boolean reEnrolled, String agentSecret, EnrollmentTokenRefusal refusal) {
        @Override
        public String toString() {
            return "Outcome[deviceId=" + deviceId + ", reEnrolled=" + reEnrolled + ", refusal=" + refusal + "]";
        }
    }

    @Transactional
    public Outcome enroll(TenantId tenantId, EnrollmentTokens.Entry token, UserId sessionUserId, AgentRequest request) {
        Redemption redemption = commands.sendAndWait(
                new RedeemEnrollmentToken(token.enrollmentTokenId(), tenantId, sessionUserId));
        if (!redemption.accepted()) {
            return new Outcome(null, false, null, redemption.refusal());
        }
        Enrollment enrollment = enrollments.start(tenantId, redemption.userId(), new DeviceEnrollments.Request(
                Platform.ANDROID, AndroidVersions.release(request.sdkInt()), EnrollmentMethod.QR_CODE,
                request.identity(), request.pushChannel()));
        String secret = sessions.newToken();
        commands.sendAndWait(new RegisterAndroidAgent(enrollment.deviceId(), token.enrollmentTokenId(),
                request.sdkInt(), request.managementMode(), EnrollmentSessions.hash(secret)));
        return new Outcome(enrollment.deviceId(), enrollment.reEnrolled(), secret, null);
    }
}
