package org.mdmenroll.command.channel;

import org.mdmenroll.command.push.MdmPushes;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Wakes an Apple device with an MDM push ({@link MdmPushes}, which records the outcome on the entry)
 * and the Android agent with an FCM data message ({@link AgentWakeUp}). A push that cannot be
 * delivered is not retried here: the delivery saga pushes again on its schedule.
 */
@Component
public class PlatformWakeUps implements DeviceWakeUps {

    private static final Logger log = LoggerFactory.getLogger(PlatformWakeUps.class);

    private final MdmPushes pushes;
    private final AgentWakeUp agents;

    public PlatformWakeUps(MdmPushes pushes, AgentWakeUp agents) {
        this.pushes = pushes;
        this.agents = agents;
    }

    @Override
    public void wake(TenantId tenantId, DeviceId deviceId, MdmChannel.Type channel) {
        try {
            if (channel == MdmChannel.Type.ANDROID_AGENT) {
                agents.wake(tenantId, deviceId);
            } else {
                pushes.push(tenantId, deviceId);
            }
        } catch (Refusal refusal) {
            log.info("Device {} not woken for its commands: {} ({})", deviceId, refusal.type(), refusal.getMessage());
        }
    }
}
