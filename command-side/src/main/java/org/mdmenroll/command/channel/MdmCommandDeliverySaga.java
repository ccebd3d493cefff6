package org.mdmenroll.command.channel;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandQueued;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Wakes a device when a command is queued for it and again while it has commands it has not
 * answered, per device entry: at once (a deadline due now, so the push runs after the command's
 * transaction, in one of its own), then after each delay of {@code mdm.channel.push-retry} (15
 * minutes, 1 hour, 4 hours, then daily), until every open command is answered or cancelled. Apple
 * devices get an MDM push, the Android agent an FCM data message ({@link DeviceWakeUps}). Deadlines
 * are persistent (db-scheduler), so a restart keeps the schedule. An ending saga leaves its pending
 * deadline to fire into nothing (as the nudge saga does).
 */
@Saga
@ProcessingGroup(MdmCommandDeliverySaga.PROCESSOR)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class MdmCommandDeliverySaga {

    /** Its own streaming processor: see {@code CommandSideConfiguration#channelSagasFollowTheEvents}. */
    public static final String PROCESSOR = "mdm-command-delivery";
    static final String PUSH_AGAIN = "mdm-command-push-again";

    private DeviceId deviceId;
    private TenantId tenantId;
    private MdmChannel.Type channel;
    private final Set<String> open = new LinkedHashSet<>();
    static final String PUSH_NOW = "mdm-command-push";

    /** How many pushes again were scheduled so far: picks the next delay. */
    private int retries;
    private boolean retryScheduled;
    private boolean pushDue;

    /** The payload of the push at once after queuing. */
    public record PushNow(DeviceId deviceId) {
    }

    /** The payload of the retry deadline: which retry it is. */
    public record PushAgain(DeviceId deviceId, int retry) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "deviceId")
    void on(MdmCommandQueued event, MdmChannelSettings settings, DeadlineManager deadlines) {
        deviceId = event.deviceId();
        tenantId = event.tenantId();
        channel = event.channel().type() == MdmChannel.Type.ANDROID_AGENT ? MdmChannel.Type.ANDROID_AGENT
                : MdmChannel.Type.DEVICE;
        open.add(event.commandUuid());
        if (!pushDue) {
            pushDue = true;
            deadlines.schedule(Duration.ZERO, PUSH_NOW, new PushNow(deviceId));
        }
        if (!retryScheduled) {
            retryScheduled = true;
            deadlines.schedule(delay(settings.pushRetry(), retries), PUSH_AGAIN, new PushAgain(deviceId, retries));
        }
    }

    /** One push for however many commands were queued before it ran. */
    @DeadlineHandler(deadlineName = PUSH_NOW)
    void on(PushNow due, DeviceWakeUps wakeUps) {
        pushDue = false;
        if (!open.isEmpty()) {
            wakeUps.wake(tenantId, deviceId, channel);
        }
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(MdmCommandAcknowledged event) {
        closed(event.commandUuid());
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(MdmCommandFailed event) {
        closed(event.commandUuid());
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(MdmCommandCancelled event) {
        closed(event.commandUuid());
    }

    @DeadlineHandler(deadlineName = PUSH_AGAIN)
    void on(PushAgain due, DeviceWakeUps wakeUps, MdmChannelSettings settings, DeadlineManager deadlines) {
        if (due.retry() != retries || open.isEmpty()) {
            return;
        }
        wakeUps.wake(tenantId, deviceId, channel);
        retries++;
        deadlines.schedule(delay(settings.pushRetry(), retries), PUSH_AGAIN, new PushAgain(deviceId, retries));
    }

    /** The retry's delay: the list's entry, its last one again and again after that. */
    static Duration delay(List<Duration> delays, int retry) {
        return delays.get(Math.min(retry, delays.size() - 1));
    }

    private void closed(String commandUuid) {
        open.remove(commandUuid);
        if (open.isEmpty()) {
            SagaLifecycle.end();
        }
    }
}
