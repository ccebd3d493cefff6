package org.mdmenroll.command.device;

import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.device.DeviceHistory.Stage;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.NOW;
import static org.mdmenroll.command.device.DeviceHistory.history;
import static org.mdmenroll.events.device.Platform.ANDROID;
import static org.mdmenroll.events.device.Platform.IOS;

/** The base of the Device aggregate's tests: a fixture with a clock the test can move, and entries at a stage. */
abstract class DeviceAggregateTest {

    final MutableClock clock = new MutableClock(NOW);
    AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new TestCommandEncoder());
    }

    TestExecutor<Device> givenIos(Stage stage) {
        return fixture.given(history(stage, IOS));
    }

    TestExecutor<Device> givenAndroid(Stage stage) {
        return fixture.given(history(stage, ANDROID));
    }

    /** The profile ids downloaded so far, oldest first, read from the fixture's events of the entry. */
    List<UUID> downloadedProfiles() {
        List<UUID> ids = new ArrayList<>();
        fixture.getEventStore().readEvents(DEVICE.toString()).asStream()
                .map(Message::getPayload)
                .filter(EnrollmentProfileDownloaded.class::isInstance)
                .map(payload -> ((EnrollmentProfileDownloaded) payload).profileId())
                .forEach(ids::add);
        return ids;
    }

    UUID onlyDownloadedProfile() {
        List<UUID> ids = downloadedProfiles();
        assertEquals(1, ids.size(), "profiles downloaded in the given commands");
        return ids.get(0);
    }
}
