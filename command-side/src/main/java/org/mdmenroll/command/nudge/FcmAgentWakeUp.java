package org.mdmenroll.command.nudge;

import org.mdmenroll.command.channel.AgentWakeUp;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Wakes the Android agent through FCM, with the registration token the agent enrolled with (the
 * entry's push channel) and the tenant's FCM settings, the same ones enrollment nudges use.
 */
@Component
public class FcmAgentWakeUp implements AgentWakeUp {

    /** Worth delivering until the delivery saga's next push would be due anyway. */
    private static final Duration TTL = Duration.ofMinutes(15);

    private final NudgeLookup lookup;
    private final AppPushConfigurations configurations;
    private final FcmAppPush fcm;
    private final SecretBox secrets;

    public FcmAgentWakeUp(NudgeLookup lookup, AppPushConfigurations configurations, FcmAppPush fcm, SecretBox secrets) {
        this.lookup = lookup;
        this.configurations = configurations;
        this.fcm = fcm;
        this.secrets = secrets;
    }

    @Override
    public void wake(TenantId tenantId, DeviceId deviceId) {
        PushChannel channel = lookup.channelOf(deviceId).filter(c -> c.type() == PushChannel.Type.FCM)
                .orElseThrow(() -> Refusal.conflict("no-fcm-token", "The Android agent enrolled without an FCM token."));
        var settings = configurations.fcm(tenantId).orElseThrow(() -> Refusal.conflict("app-push-not-configured",
                "No FCM settings for the tenant (PUT /api/settings/app-push/fcm)."));
        Outcome outcome = fcm.wakeAgent(tenantId, settings, secrets.open(SecretPurpose.APP_PUSH_TOKEN,
                channel.sealedToken()), deviceId, TTL);
        if (outcome.status() != PushGateway.Status.DELIVERED) {
            throw Refusal.conflict("agent-not-woken", outcome.detail());
        }
    }
}
