package org.mdmenroll.command.credential;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler.OnCompleteReschedule;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.command.credential.CredentialCommands.AdeDeviceSyncResult;
import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.command.credential.CredentialCommands.SyncAdeDevicesOnSchedule;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Each ADE token's sync schedule, persistent in db-scheduler's {@code scheduled_tasks}: one instance
 * of the task {@value #TASK} per token (its id), first due {@code mdm.ade.first-sync-delay} (a
 * minute) after the token was uploaded, so the devices of a new token are known at once, due again one interval ({@code mdm.ade.sync-interval}, as configured at that moment)
 * after each run ends. db-scheduler runs an instance on one node at a time, and the sync goes through
 * the token's aggregate, so it never overlaps another sync of the token. The tokens are learnt by
 * following the events from the start of the store on a processor of its own
 * ({@value #PROCESSOR}): tokens uploaded before the schedule existed get one too.
 */
@Component
@ProcessingGroup(AdeSyncSchedule.PROCESSOR)
public class AdeSyncSchedule {

    public static final String PROCESSOR = "ade-sync-schedule";
    static final String TASK = "ade-device-sync";
    private static final Logger log = LoggerFactory.getLogger(AdeSyncSchedule.class);

    private final Duration interval;
    private final Duration firstDelay;
    private final Clock clock;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final ObjectProvider<CommandGateway> commands;
    private final CustomTask<Void> task;

    public AdeSyncSchedule(@Value("${mdm.ade.sync-interval:PT30M}") Duration interval,
                           @Value("${mdm.ade.first-sync-delay:PT1M}") Duration firstDelay, Clock clock,
                           ObjectProvider<SchedulerClient> scheduler, ObjectProvider<CommandGateway> commands) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("mdm.ade.sync-interval must be positive, not " + interval);
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("mdm.ade.first-sync-delay must not be negative, not " + firstDelay);
        }
        this.interval = interval;
        this.firstDelay = firstDelay;
        this.clock = clock;
        this.scheduler = scheduler;
        this.commands = commands;
        this.task = Tasks.custom(TASK, Void.class).execute((instance, context) -> {
            run(CredentialId.of(instance.getId()));
            return new OnCompleteReschedule<>(Schedules.fixedDelay(interval));
        });
    }

    /** The task, for db-scheduler to run (it runs every {@code Task} bean). */
    @Bean
    CustomTask<Void> adeDeviceSyncTask() {
        return task;
    }

    @EventHandler
    void on(AdeTokenUploaded event) {
        if (scheduler.getObject().scheduleIfNotExists(task.instance(event.credentialId().toString()),
                clock.instant().plus(firstDelay))) {
            log.info("ADE token {} of tenant {}: devices are synced from Apple every {}", event.credentialId(),
                    event.tenantId(), interval);
        }
    }

    /** One scheduled sync; whatever happens, the next one is scheduled. */
    private void run(CredentialId tokenId) {
        try {
            Object answer = commands.getObject().sendAndWait(new SyncAdeDevicesOnSchedule(tokenId));
            if (answer instanceof RefusedTokenUse refused) {
                log.info("ADE token {}: scheduled sync refused ({}); the refusal is recorded once", tokenId,
                        refused.type());
            } else if (!(answer instanceof AdeDeviceSyncResult)) {
                log.warn("ADE token {}: scheduled sync answered {}", tokenId, answer);
            }
        } catch (RuntimeException e) {
            log.warn("ADE token {}: scheduled sync failed, tried again in {}: {}", tokenId, interval, e.getMessage());
        }
    }
}
