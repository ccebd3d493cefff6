package org.mdmenroll.command.channel;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.channel.MdmCommandDeliverySaga.PushAgain;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pushing again while commands are open: the back-off steps, the end when every command is closed. */
class MdmCommandDeliverySagaTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final String PUSH_AGAIN = MdmCommandDeliverySaga.PUSH_AGAIN;

    private SagaTestFixture<MdmCommandDeliverySaga> fixture;
    private final List<MdmChannel.Type> wakeUps = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(MdmCommandDeliverySaga.class);
        fixture.registerResource(new MdmChannelSettings(
                List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1)),
                Duration.ofHours(1)));
        fixture.registerResource((DeviceWakeUps) (tenant, device, channel) -> wakeUps.add(channel));
    }

    @Test
    void aQueuedCommandPushesAtOnceAndSchedulesThePushAgainAfterFifteenMinutes() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(queued("CMD-1", MdmChannel.DEVICE))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ZERO, MdmCommandDeliverySaga.PUSH_NOW)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(15), PUSH_AGAIN);
        fixture.whenTimeElapses(Duration.ofSeconds(1))
                .expectDeadlinesMet(new MdmCommandDeliverySaga.PushNow(DEVICE));
        assertThat(wakeUps).containsExactly(MdmChannel.Type.DEVICE);
    }

    @Test
    void commandsQueuedTogetherArePushedOnce() {
        fixture.givenAPublished(queued("CMD-1", MdmChannel.DEVICE))
                .andThenAPublished(queued("CMD-2", MdmChannel.DEVICE))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectActiveSagas(1);
        assertThat(wakeUps).containsExactly(MdmChannel.Type.DEVICE);
    }

    @Test
    void anUnansweredCommandIsPushedAgainWithBackOffThenDaily() {
        fixture.givenAPublished(queued("CMD-1", MdmChannel.DEVICE))
                .whenTimeElapses(Duration.ofMinutes(15))
                .expectDeadlinesMet(new MdmCommandDeliverySaga.PushNow(DEVICE), new PushAgain(DEVICE, 0))
                .expectScheduledDeadlineWithName(Duration.ofHours(1), PUSH_AGAIN);
        fixture.whenTimeElapses(Duration.ofHours(1))
                .expectScheduledDeadlineWithName(Duration.ofHours(4), PUSH_AGAIN);
        fixture.whenTimeElapses(Duration.ofHours(4))
                .expectScheduledDeadlineWithName(Duration.ofDays(1), PUSH_AGAIN);
        fixture.whenTimeElapses(Duration.ofDays(1))
                .expectScheduledDeadlineWithName(Duration.ofDays(1), PUSH_AGAIN);
        // At once, then four times again.
        assertThat(wakeUps).hasSize(5).containsOnly(MdmChannel.Type.DEVICE);
    }

    @Test
    void theAndroidAgentIsWokenAsTheAgent() {
        fixture.givenAPublished(queued("CMD-1", MdmChannel.ANDROID_AGENT))
                .whenTimeElapses(Duration.ofMinutes(15))
                .expectActiveSagas(1);
        assertThat(wakeUps).containsExactly(MdmChannel.Type.ANDROID_AGENT, MdmChannel.Type.ANDROID_AGENT);
    }

    @Test
    void theSagaEndsWhenEveryOpenCommandIsAnsweredFailedOrCancelled() {
        fixture.givenAPublished(queued("CMD-1", MdmChannel.DEVICE))
                .andThenAPublished(queued("CMD-2", MdmChannel.DEVICE))
                .andThenAPublished(queued("CMD-3", MdmChannel.DEVICE))
                .andThenAPublished(new MdmCommandAcknowledged(DEVICE, TENANT, "CMD-1", "DeviceInformation", Map.of()))
                .andThenAPublished(new MdmCommandFailed(DEVICE, TENANT, "CMD-2", "SecurityInfo",
                        MdmCommandFailed.Failure.ERROR, List.of()))
                .whenPublishingA(new MdmCommandCancelled(DEVICE, TENANT, "CMD-3", "RestartDevice",
                        MdmCommandCancelled.Reason.ADMIN))
                .expectActiveSagas(0);
    }

    @Test
    void aDeadlineAfterEverythingWasAnsweredPushesNothing() {
        fixture.givenAPublished(queued("CMD-1", MdmChannel.DEVICE))
                .andThenAPublished(new MdmCommandAcknowledged(DEVICE, TENANT, "CMD-1", "DeviceInformation", Map.of()))
                .whenTimeElapses(Duration.ofMinutes(15))
                .expectActiveSagas(0);
        assertThat(wakeUps).isEmpty();
    }

    @Test
    void theLastDelayRepeats() {
        List<Duration> delays = List.of(Duration.ofMinutes(15), Duration.ofDays(1));
        assertThat(MdmCommandDeliverySaga.delay(delays, 0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(MdmCommandDeliverySaga.delay(delays, 1)).isEqualTo(Duration.ofDays(1));
        assertThat(MdmCommandDeliverySaga.delay(delays, 7)).isEqualTo(Duration.ofDays(1));
    }

    private static MdmCommandQueued queued(String uuid, MdmChannel channel) {
        return new MdmCommandQueued(DEVICE, TENANT, uuid, "DeviceInformation", channel, MdmCommandPurpose.INVENTORY,
                Map.of(), "v1.sealed");
    }
}
