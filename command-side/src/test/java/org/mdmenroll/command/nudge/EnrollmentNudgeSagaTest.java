package org.mdmenroll.command.nudge;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgeSent;
import org.mdmenroll.command.device.DeviceCommands.RecordEnrollmentNudgesStopped;
import org.mdmenroll.command.nudge.EnrollmentNudgeSaga.NudgeDue;
import org.mdmenroll.command.nudge.EnrollmentNudgeSaga.NudgeRetry;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgesStopped.Reason;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.CoreMatchers.anything;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The nudge saga, every path: when it starts, a nudge per interval, the limit, each event that ends
 * it, an invalid token, transient failures retried with back-off, restarts. Time moves with the
 * fixture's {@code whenTimeElapses}; the push gateway is scripted.
 */
class EnrollmentNudgeSagaTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final DeviceId OTHER_DEVICE = DeviceId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final HardwareIdentity IDENTITY = new HardwareIdentity("c02xl0gyjgh5", null, null, null);
    private static final PushChannel APNS = new PushChannel(PushChannel.Type.APNS, "v1.sealed-apns-token");
    private static final PushChannel NEW_APNS = new PushChannel(PushChannel.Type.APNS, "v1.sealed-new-apns-token");
    private static final PushChannel FCM = new PushChannel(PushChannel.Type.FCM, "v1.sealed-fcm-token");
    private static final Duration INTERVAL = Duration.ofHours(4);
    private static final int MAX_COUNT = 3;
    private static final String NUDGE = "enrollment-nudge";
    private static final String RETRY = "enrollment-nudge-retry";

    private SagaTestFixture<EnrollmentNudgeSaga> fixture;
    private ScriptedPushGateway gateway;
    private StubLookup lookup;
    private Instant start;

    /** The tenant's settings and the entries' known channels, as the running service looks them up. */
    static final class StubLookup implements NudgeLookup {
        Schedule schedule = new Schedule(INTERVAL, MAX_COUNT);
        final Map<DeviceId, PushChannel> channels = new HashMap<>();

        @Override
        public Schedule scheduleOf(TenantId tenantId) {
            return schedule;
        }

        @Override
        public Optional<PushChannel> channelOf(DeviceId deviceId) {
            return Optional.ofNullable(channels.get(deviceId));
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(EnrollmentNudgeSaga.class);
        gateway = new ScriptedPushGateway();
        lookup = new StubLookup();
        fixture.registerResource(gateway);
        fixture.registerResource(lookup);
        fixture.registerResource(new Clock() {
            // the fixture's own time, which whenTimeElapses moves
            @Override
            public Instant instant() {
                return fixture.currentTime();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        });
        fixture.registerCommandGateway(CommandGateway.class);
        // The entry records a nudge while the device is still enrolling (answers true).
        fixture.setCallbackBehavior((payload, metaData) -> payload instanceof RecordEnrollmentNudgeSent ? true : null);
        start = fixture.currentTime();
    }

    // ---- given ----------------------------------------------------------------------------------

    private static EnrollmentStarted started(PushChannel channel) {
        return new EnrollmentStarted(DEVICE, TENANT, USER, Platform.IOS, "17.4", EnrollmentMethod.IN_APP, IDENTITY,
                channel);
    }

    private static EnrollmentProfileDownloaded downloaded() {
        return new EnrollmentProfileDownloaded(DEVICE, TENANT, UUID.randomUUID(), Instant.now().plus(Duration.ofDays(1)), "ab".repeat(32));
    }

    private static DeviceReEnrolled reEnrolled(PushChannel channel) {
        return new DeviceReEnrolled(DEVICE, TENANT, USER, "17.5", EnrollmentMethod.IN_APP, IDENTITY, channel);
    }

    private ContinuedGivenState givenStarted() {
        return fixture.givenCurrentTime(start).andThenAggregate(DEVICE.toString()).published(started(APNS), downloaded());
    }

    private static RecordEnrollmentNudgeSent sent(int attempt) {
        return new RecordEnrollmentNudgeSent(DEVICE, attempt, PushChannel.Type.APNS);
    }

    private static RecordEnrollmentNudgesStopped stopped(Reason reason, int nudgesSent, String detail) {
        return new RecordEnrollmentNudgesStopped(DEVICE, reason, nudgesSent, detail);
    }

    private Instant at(Duration sinceStart) {
        return start.plus(sinceStart);
    }

    // ---- starting -------------------------------------------------------------------------------

    @Test
    void anEnrollmentWithAPushChannelStartsASagaWhoseFirstNudgeIsDueAfterTheInterval() {
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(started(APNS))
                .expectActiveSagas(1)
                .expectAssociationWith("deviceId", DEVICE.toString())
                .expectNoAssociationWith("deviceId", OTHER_DEVICE.toString())
                .expectScheduledDeadline(at(INTERVAL), new NudgeDue(DEVICE, 1, 1))
                .expectScheduledDeadlineWithName(at(INTERVAL), NUDGE)
                .expectNoScheduledDeadlineMatching(start, at(INTERVAL).minusNanos(1), anything())
                .expectNoDispatchedCommands();
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void anEnrollmentWithoutAPushChannelHasNoSaga() {
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(started(null))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aTenantThatNudgesZeroTimesHasNoSaga() {
        lookup.schedule = new NudgeLookup.Schedule(INTERVAL, 0);
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(started(APNS))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aProfileDownloadOfAnEntryWithAKnownChannelStartsASagaWhenNoneRuns() {
        lookup.channels.put(DEVICE, FCM);
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(downloaded())
                .expectActiveSagas(1)
                .expectScheduledDeadline(at(INTERVAL), new NudgeDue(DEVICE, 1, 1));
    }

    @Test
    void aProfileDownloadOfAnEntryWithoutAKnownChannelHasNoSaga() {
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(downloaded())
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aProfileDownloadWhileTheSagaRunsChangesNothing() throws Exception {
        givenStarted()
                .andThenTimeElapses(Duration.ofHours(1))
                .whenAggregate(DEVICE.toString()).publishes(downloaded())
                .expectActiveSagas(1)
                .expectScheduledDeadline(at(INTERVAL), new NudgeDue(DEVICE, 1, 1))
                .expectNoScheduledDeadlineMatching(at(INTERVAL).plusNanos(1), at(Duration.ofDays(3650)), anything());
    }

    @Test
    void aReEnrollmentWithAChannelStartsASagaWhenNoneRuns() {
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(reEnrolled(APNS))
                .expectActiveSagas(1)
                .expectScheduledDeadline(at(INTERVAL), new NudgeDue(DEVICE, 1, 1));
    }

    @Test
    void aReEnrollmentWithoutAChannelStartsASagaForTheKnownOne() {
        lookup.channels.put(DEVICE, APNS);
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(reEnrolled(null))
                .expectActiveSagas(1);
    }

    @Test
    void aReEnrollmentWithoutAnyKnownChannelHasNoSaga() {
        fixture.givenCurrentTime(start)
                .whenAggregate(DEVICE.toString()).publishes(reEnrolled(null))
                .expectActiveSagas(0);
    }

    // ---- nudging --------------------------------------------------------------------------------

    @Test
    void nothingIsSentBeforeTheInterval() {
        givenStarted()
                .whenTimeElapses(INTERVAL.minusMillis(1))
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlines();
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void theFirstNudgeGoesOutAfterTheIntervalIsRecordedAndTheNextIsScheduled() {
        givenStarted()
                .whenTimeElapses(INTERVAL)
                .expectTriggeredDeadlines(new NudgeDue(DEVICE, 1, 1))
                .expectDispatchedCommands(sent(1))
                .expectScheduledDeadline(at(INTERVAL.multipliedBy(2)), new NudgeDue(DEVICE, 1, 2))
                .expectActiveSagas(1);
        assertThat(gateway.sent()).hasSize(1);
        ScriptedPushGateway.Sent first = gateway.sent().get(0);
        assertThat(first.tenantId()).isEqualTo(TENANT);
        assertThat(first.channel()).isEqualTo(APNS);
        assertThat(first.nudge().deviceId()).isEqualTo(DEVICE);
        assertThat(first.nudge().attempt()).isEqualTo(1);
        assertThat(first.nudge().expiresAt()).as("worth delivering until the next is due")
                .isEqualTo(at(INTERVAL.multipliedBy(2)));
    }

    @Test
    void theSecondNudgeFollowsOneIntervalLater() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .whenTimeElapses(INTERVAL)
                .expectDispatchedCommands(sent(2))
                .expectScheduledDeadline(at(INTERVAL.multipliedBy(3)), new NudgeDue(DEVICE, 1, 3));
        assertThat(gateway.attempts()).containsExactly(1, 2);
    }

    @Test
    void theLastNudgeOfTheMaxCountEndsTheSagaAndIsRecorded() {
        givenStarted()
                .whenTimeElapses(INTERVAL.multipliedBy(MAX_COUNT))
                .expectDispatchedCommands(sent(1), sent(2), sent(3), stopped(Reason.MAX_COUNT, 3, null))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(gateway.attempts()).containsExactly(1, 2, 3);
    }

    @Test
    void nothingMoreIsSentAfterTheMaxCount() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL.multipliedBy(MAX_COUNT))
                .whenTimeElapses(Duration.ofDays(30))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        assertThat(gateway.sent()).hasSize(MAX_COUNT);
    }

    @Test
    void theIntervalAndCountAreTheTenantsWhenTheSagaStarted() throws Exception {
        ContinuedGivenState given = givenStarted();
        lookup.schedule = new NudgeLookup.Schedule(Duration.ofMinutes(10), 1);
        given.whenTimeElapses(INTERVAL.multipliedBy(2))
                .expectDispatchedCommands(sent(1), sent(2));
    }

    @Test
    void aNudgeTheEntryRefusesToRecordEndsTheSagaWithoutMore() {
        // The device left enrollment while the push was under way: it is not recorded as sent.
        fixture.setCallbackBehavior((payload, metaData) -> payload instanceof RecordEnrollmentNudgeSent ? false : null);
        givenStarted()
                .whenTimeElapses(INTERVAL.multipliedBy(5))
                .expectDispatchedCommands(sent(1))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(gateway.sent()).hasSize(1);
    }

    // ---- the events that end it -----------------------------------------------------------------

    static Stream<Arguments> endings() {
        return Stream.of(
                arguments(new DeviceEnrolled(DEVICE, TENANT, null, false, "com.apple.mgmt.External.x"), Reason.ENROLLED),
                arguments(new DeviceAuthenticated(DEVICE, TENANT, "00008110-000A1D2C3E4F501E", null, "c02xl0gyjgh5",
                        "iPhone14,5", "iPhone", "iPhone14,5", "17.4", "21E219", "Pat's iPhone"), Reason.PROFILE_INSTALLED),
                arguments(new EnrollmentProfileInstallCancelled(DEVICE, TENANT), Reason.CANCELLED),
                arguments(new DeviceRetired(DEVICE, TENANT), Reason.RETIRED),
                arguments(new DeviceWiped(DEVICE, TENANT), Reason.WIPED),
                arguments(new DeviceDeleted(DEVICE, TENANT), Reason.DELETED),
                arguments(new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE), Reason.SUPERSEDED),
                arguments(new EnrollmentProfileExpired(DEVICE, TENANT, UUID.randomUUID()), Reason.PROFILE_EXPIRED));
    }

    @ParameterizedTest
    @MethodSource("endings")
    void anEndingEventAfterANudgeEndsTheSagaAndRecordsWhy(Object ending, Reason reason) throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .whenAggregate(DEVICE.toString()).publishes(ending)
                .expectDispatchedCommands(stopped(reason, 1, null))
                .expectActiveSagas(0)
                .expectNoAssociationWith("deviceId", DEVICE.toString());
    }

    @ParameterizedTest
    @MethodSource("endings")
    void anEndingEventBeforeAnyNudgeEndsTheSagaQuietly(Object ending, Reason reason) {
        givenStarted()
                .whenAggregate(DEVICE.toString()).publishes(ending)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    /** The ended saga's pending deadline is left to fire (see the saga): it fires into nothing. */
    @ParameterizedTest
    @MethodSource("endings")
    void nothingIsSentAfterAnEndingEvent(Object ending, Reason reason) throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .andThenAPublished(ending)
                .whenTimeElapses(Duration.ofDays(30))
                .expectNoDispatchedCommands();
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void anotherDevicesEventsLeaveThisSagaAlone() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .whenAggregate(OTHER_DEVICE.toString()).publishes(new DeviceEnrolled(OTHER_DEVICE, TENANT, null, false, "t"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectScheduledDeadline(at(INTERVAL.multipliedBy(2)), new NudgeDue(DEVICE, 1, 2));
    }

    // ---- provider answers -----------------------------------------------------------------------

    @Test
    void anInvalidTokenEndsTheSagaAndIsRecordedWithTheProvidersAnswer() {
        gateway.answer(Outcome.invalidToken("Unregistered"));
        givenStarted()
                .whenTimeElapses(INTERVAL)
                .expectDispatchedCommands(stopped(Reason.INVALID_TOKEN, 0, "Unregistered"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void anInvalidTokenAfterSomeNudgesCountsThem() {
        gateway.answer(Outcome.delivered("1"), Outcome.invalidToken("BadDeviceToken"));
        givenStarted()
                .whenTimeElapses(INTERVAL.multipliedBy(MAX_COUNT))
                .expectDispatchedCommands(sent(1), stopped(Reason.INVALID_TOKEN, 1, "BadDeviceToken"))
                .expectActiveSagas(0);
    }

    @Test
    void aTransientFailureIsRetriedAfterAMinuteWithoutUsingAnAttempt() {
        gateway.answer(Outcome.transientFailure("APNs could not be reached"));
        givenStarted()
                .whenTimeElapses(INTERVAL)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectScheduledDeadline(at(INTERVAL.plusMinutes(1)), new NudgeRetry(DEVICE, 1, 1, 1))
                .expectScheduledDeadlineWithName(at(INTERVAL.plusMinutes(1)), RETRY)
                .expectNoScheduledDeadline(at(INTERVAL.multipliedBy(2)), new NudgeDue(DEVICE, 1, 2));
    }

    @Test
    void theRetryDeliversTheSameAttemptAndTheNextFollowsAnIntervalLater() throws Exception {
        gateway.answer(Outcome.transientFailure("APNs could not be reached"));
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .whenTimeElapses(Duration.ofMinutes(1))
                .expectTriggeredDeadlines(new NudgeDue(DEVICE, 1, 1), new NudgeRetry(DEVICE, 1, 1, 1))
                .expectDispatchedCommands(sent(1))
                .expectScheduledDeadline(at(INTERVAL.plusMinutes(1).plus(INTERVAL)), new NudgeDue(DEVICE, 1, 2));
        assertThat(gateway.attempts()).containsExactly(1, 1);
    }

    @Test
    void retriesBackOffDoublingFromOneMinute() {
        gateway.answer(Outcome.transientFailure("503"), Outcome.transientFailure("503"),
                Outcome.transientFailure("503"));
        givenStarted()
                .whenTimeElapses(INTERVAL.plusMinutes(1 + 2 + 4))
                .expectTriggeredDeadlines(new NudgeDue(DEVICE, 1, 1), new NudgeRetry(DEVICE, 1, 1, 1),
                        new NudgeRetry(DEVICE, 1, 1, 2), new NudgeRetry(DEVICE, 1, 1, 3))
                .expectDispatchedCommands(sent(1));
        assertThat(gateway.attempts()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void theBackOffNeverExceedsTheInterval() {
        assertThat(EnrollmentNudgeSaga.backOff(1, INTERVAL)).isEqualTo(Duration.ofMinutes(1));
        assertThat(EnrollmentNudgeSaga.backOff(2, INTERVAL)).isEqualTo(Duration.ofMinutes(2));
        assertThat(EnrollmentNudgeSaga.backOff(8, INTERVAL)).isEqualTo(Duration.ofMinutes(128));
        assertThat(EnrollmentNudgeSaga.backOff(9, INTERVAL)).isEqualTo(INTERVAL);
        assertThat(EnrollmentNudgeSaga.backOff(60, INTERVAL)).isEqualTo(INTERVAL);
    }

    @Test
    void transientFailuresDoNotCountTowardsTheMaxCount() {
        gateway.answer(Outcome.transientFailure("503"), Outcome.delivered("1"), Outcome.transientFailure("503"),
                Outcome.transientFailure("503"), Outcome.delivered("2"), Outcome.delivered("3"));
        givenStarted()
                .whenTimeElapses(Duration.ofDays(2))
                .expectDispatchedCommands(sent(1), sent(2), sent(3), stopped(Reason.MAX_COUNT, 3, null));
        assertThat(gateway.attempts()).containsExactly(1, 1, 2, 2, 2, 3);
    }

    @Test
    void afterEightFailuresInARowTheSagaGivesUpAsUndeliverable() {
        gateway.thenAlways(Outcome.transientFailure("app-push-not-configured"));
        givenStarted()
                .whenTimeElapses(Duration.ofDays(2))
                .expectDispatchedCommands(stopped(Reason.UNDELIVERABLE, 0, "app-push-not-configured"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(gateway.sent()).hasSize(EnrollmentNudgeSaga.MAX_FAILURES_IN_A_ROW);
    }

    @Test
    void aPendingRetryFiresIntoNothingAfterAnEndingEvent() throws Exception {
        gateway.answer(Outcome.transientFailure("503"));
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .andThenAPublished(new DeviceRetired(DEVICE, TENANT))
                .whenTimeElapses(Duration.ofDays(1))
                .expectTriggeredDeadlines(new NudgeDue(DEVICE, 1, 1), new NudgeRetry(DEVICE, 1, 1, 1))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        assertThat(gateway.sent()).hasSize(1);
    }

    // ---- restarts -------------------------------------------------------------------------------

    @Test
    void aReEnrollmentRestartsTheCountWithTheNewChannel() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL.multipliedBy(2))
                .whenAggregate(DEVICE.toString()).publishes(reEnrolled(NEW_APNS))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectScheduledDeadline(at(INTERVAL.multipliedBy(3)), new NudgeDue(DEVICE, 2, 1));
    }

    @Test
    void theDeadlineOfTheEarlierStartIsStaleAfterAReEnrollment() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL.multipliedBy(2))
                .andThenTimeElapses(Duration.ofHours(1))
                .andThenAPublished(reEnrolled(NEW_APNS))
                .whenTimeElapses(INTERVAL.minusMinutes(30))
                .expectTriggeredDeadlines(new NudgeDue(DEVICE, 1, 1), new NudgeDue(DEVICE, 1, 2),
                        new NudgeDue(DEVICE, 1, 3))
                .expectNoDispatchedCommands();
        assertThat(gateway.sent()).hasSize(2);
    }

    @Test
    void afterAReEnrollmentTheMaxCountNudgesGoToTheNewChannel() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL.multipliedBy(2))
                .andThenAPublished(reEnrolled(NEW_APNS))
                .whenTimeElapses(INTERVAL.multipliedBy(MAX_COUNT))
                .expectDispatchedCommands(sent(1), sent(2), sent(3), stopped(Reason.MAX_COUNT, 3, null));
        assertThat(gateway.sent().subList(2, 5)).extracting(ScriptedPushGateway.Sent::channel)
                .containsOnly(NEW_APNS);
    }

    @Test
    void aReEnrollmentWithoutANewTokenKeepsNudgingTheKnownOne() throws Exception {
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .andThenAPublished(reEnrolled(null))
                .whenTimeElapses(INTERVAL)
                .expectDispatchedCommands(sent(1));
        assertThat(gateway.sent()).extracting(ScriptedPushGateway.Sent::channel).containsOnly(APNS);
    }

    @Test
    void afterACancelANewDownloadNudgesAgainFromTheFirstAttempt() throws Exception {
        lookup.channels.put(DEVICE, APNS);
        givenStarted()
                .andThenTimeElapses(INTERVAL)
                .andThenAPublished(new EnrollmentProfileInstallCancelled(DEVICE, TENANT))
                .andThenAPublished(downloaded())
                .whenTimeElapses(INTERVAL)
                .expectDispatchedCommands(sent(1))
                .expectActiveSagas(1);
    }
}
