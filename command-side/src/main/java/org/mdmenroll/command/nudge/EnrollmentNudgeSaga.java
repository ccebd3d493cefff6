package org.mdmenroll.command.nudge;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgeSent;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgesStopped;
import org.mdmenroll.command.nudge.PushGateway.Nudge;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentNudgesStopped.Reason;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.audit.AuditMetadata;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Nudges the enrollment app of an incomplete enrollment, per device entry with a push channel:
 * every tenant {@code nudgeInterval} a push through the {@link PushGateway}, recorded on the entry
 * (which refuses once the device installed its profile, enrolled or left enrollment), until the
 * tenant's {@code nudgeMaxCount}. Interval and count are the tenant's when the saga starts (or
 * restarts on a re-enrollment): a settings change applies to enrollments started after it.
 * <p>
 * Starts on EnrollmentStarted or DeviceReEnrolled with a channel, or a profile download of an entry
 * whose channel is known when no saga runs (after a cancel, say). Ends on enrollment, the profile's
 * install (Authenticate), cancel, retire, wipe, delete, supersede, profile expiry, the last nudge,
 * or a token the provider no longer knows. A transient failure is retried on a deadline of its own
 * with doubling back-off (from one minute, at most the interval), without using up an attempt;
 * after {@link #MAX_FAILURES_IN_A_ROW} failures in a row the saga gives up (UNDELIVERABLE).
 * <p>
 * The saga's end is recorded (EnrollmentNudgesStopped) when it nudged at least once, or when it
 * stops because the push cannot be delivered; an enrollment that completes before its first nudge
 * leaves no trace of a saga that never did anything. Deadlines are persistent (db-scheduler), and a
 * nudge is sent, recorded and the next one scheduled in the deadline's one transaction. An ending
 * saga does not cancel its pending deadline: the end runs in the transaction of the event that ends
 * it (an enrollment, say), and cancelling a deadline db-scheduler is executing at that moment would
 * fail that transaction. The deadline later fires into an ended saga, which Axon ignores; one of an
 * earlier (re)start is stale by its {@code series}.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class EnrollmentNudgeSaga {

    static final String NUDGE = "enrollment-nudge";
    static final String RETRY = "enrollment-nudge-retry";
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final int MAX_FAILURES_IN_A_ROW = 8;
    private static final String PROCESS = "enrollment-nudges";

    private DeviceId deviceId;
    private TenantId tenantId;
    private PushChannel channel;
    private Duration interval;
    private int maxCount;
    /** Nudges delivered and recorded since the saga (re)started. */
    private int sent;
    private int failuresInARow;
    /** Counts the (re)starts: a deadline of an earlier start is stale. */
    private int series;

    /** The payload of the regular deadline: the attempt that is due, of which (re)start. */
    public record NudgeDue(DeviceId deviceId, int series, int attempt) {
    }

    /** The payload of a retry after a transient failure: the attempt again, and how many failed in a row. */
    public record NudgeRetry(DeviceId deviceId, int series, int attempt, int failuresInARow) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "deviceId")
    void on(EnrollmentStarted event, NudgeLookup lookup, DeadlineManager deadlines) {
        begin(event.deviceId(), event.tenantId(), event.pushChannel(), lookup, deadlines);
    }

    /** Enrolling again starts the count again; without a new token the one already known is nudged. */
    @StartSaga
    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceReEnrolled event, NudgeLookup lookup, DeadlineManager deadlines) {
        PushChannel known = event.pushChannel() != null ? event.pushChannel()
                : Optional.ofNullable(channel).or(() -> lookup.channelOf(event.deviceId())).orElse(null);
        begin(event.deviceId(), event.tenantId(), known, lookup, deadlines);
    }

    /** A running saga goes on as it is; otherwise the entry's known channel is nudged again. */
    @StartSaga
    @SagaEventHandler(associationProperty = "deviceId")
    void on(EnrollmentProfileDownloaded event, NudgeLookup lookup, DeadlineManager deadlines) {
        if (channel == null) {
            begin(event.deviceId(), event.tenantId(), lookup.channelOf(event.deviceId()).orElse(null), lookup,
                    deadlines);
        }
    }

    @DeadlineHandler(deadlineName = NUDGE)
    void on(NudgeDue due, PushGateway gateway, CommandGateway commands, DeadlineManager deadlines, Clock clock) {
        if (current(due.series(), due.attempt())) {
            attempt(due.attempt(), gateway, commands, deadlines, clock);
        }
    }

    @DeadlineHandler(deadlineName = RETRY)
    void on(NudgeRetry retry, PushGateway gateway, CommandGateway commands, DeadlineManager deadlines, Clock clock) {
        if (current(retry.series(), retry.attempt())) {
            attempt(retry.attempt(), gateway, commands, deadlines, clock);
        }
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceEnrolled event, CommandGateway commands) {
        stop(Reason.ENROLLED, null, commands);
    }

    /** The Apple device installed its profile; enrollment completes at its TokenUpdate. */
    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceAuthenticated event, CommandGateway commands) {
        stop(Reason.PROFILE_INSTALLED, null, commands);
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(EnrollmentProfileInstallCancelled event, CommandGateway commands) {
        stop(Reason.CANCELLED, null, commands);
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceRetired event, CommandGateway commands) {
        stop(Reason.RETIRED, null, commands);
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceWiped event, CommandGateway commands) {
        stop(Reason.WIPED, null, commands);
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceDeleted event, CommandGateway commands) {
        stop(Reason.DELETED, null, commands);
    }

    @SagaEventHandler(associationProperty = "deviceId")
    void on(DeviceEntrySuperseded event, CommandGateway commands) {
        stop(Reason.SUPERSEDED, null, commands);
    }

    /**
     * The profile expired before it was installed: nudging to finish is pointless until the device
     * starts again, which (re-enroll) starts a new saga. The entry records the expiry only for its
     * current profile, so an expiry arriving here was not outrun by a newer download.
     */
    @SagaEventHandler(associationProperty = "deviceId")
    void on(EnrollmentProfileExpired event, CommandGateway commands) {
        stop(Reason.PROFILE_EXPIRED, null, commands);
    }

    /** (Re)starts the count with the tenant's current settings; without a channel or nudges to send, no saga. */
    private void begin(DeviceId id, TenantId tenant, PushChannel pushChannel, NudgeLookup lookup,
            DeadlineManager deadlines) {
        NudgeLookup.Schedule schedule = pushChannel == null ? null : lookup.scheduleOf(tenant);
        if (schedule == null || schedule.maxCount() <= 0) {
            SagaLifecycle.end();
            return;
        }
        deviceId = id;
        tenantId = tenant;
        channel = pushChannel;
        interval = schedule.interval();
        maxCount = schedule.maxCount();
        sent = 0;
        failuresInARow = 0;
        series++;
        deadlines.schedule(interval, NUDGE, new NudgeDue(deviceId, series, 1));
    }

    private void attempt(int attempt, PushGateway gateway, CommandGateway commands, DeadlineManager deadlines,
            Clock clock) {
        Outcome outcome = gateway.send(tenantId, channel, Nudge.of(deviceId, attempt, clock.instant().plus(interval)));
        switch (outcome.status()) {
            case DELIVERED -> delivered(attempt, commands, deadlines);
            case INVALID_TOKEN -> stop(Reason.INVALID_TOKEN, outcome.detail(), commands);
            case TRANSIENT_FAILURE -> {
                failuresInARow++;
                if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                    stop(Reason.UNDELIVERABLE, outcome.detail(), commands);
                } else {
                    deadlines.schedule(backOff(failuresInARow), RETRY,
                            new NudgeRetry(deviceId, series, attempt, failuresInARow));
                }
            }
        }
    }

    /** Recorded, then the next one scheduled; the entry refusing means the device left enrollment meanwhile. */
    private void delivered(int attempt, CommandGateway commands, DeadlineManager deadlines) {
        failuresInARow = 0;
        Boolean recorded = commands.sendAndWait(new RecordEnrollmentNudgeSent(deviceId, attempt, channel.type()));
        if (!Boolean.TRUE.equals(recorded)) {
            SagaLifecycle.end();
            return;
        }
        sent = attempt;
        if (sent >= maxCount) {
            stop(Reason.MAX_COUNT, null, commands);
        } else {
            deadlines.schedule(interval, NUDGE, new NudgeDue(deviceId, series, sent + 1));
        }
    }

    /** One minute, then doubling, never longer than the interval. */
    static Duration backOff(int failuresInARow, Duration interval) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failuresInARow - 1, 20));
        return delay.compareTo(interval) > 0 ? interval : delay;
    }

    private Duration backOff(int failures) {
        return backOff(failures, interval);
    }

    private void stop(Reason reason, String detail, CommandGateway commands) {
        boolean undeliverable = reason == Reason.INVALID_TOKEN || reason == Reason.UNDELIVERABLE;
        if (sent > 0 || undeliverable) {
            commands.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new RecordEnrollmentNudgesStopped(deviceId, reason, sent, detail))
                    .andMetaData(AuditMetadata.system(PROCESS, "nudges-stopped:" + reason)));
        }
        SagaLifecycle.end();
    }

    /** The deadline is of this (re)start and its attempt is the next one. */
    private boolean current(int deadlineSeries, int attempt) {
        return deadlineSeries == series && attempt == sent + 1;
    }
}
