package org.mdmenroll.command.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.DeleteDevice;
import org.mdmenroll.command.device.DeviceCommands.ResetDevice;
import org.mdmenroll.command.device.DeviceCommands.RetireDevice;
import org.mdmenroll.command.device.DeviceCommands.WipeDevice;
import org.mdmenroll.command.device.DeviceHistory.Stage;
import org.mdmenroll.events.device.DeviceCheckedOut;
import org.mdmenroll.events.device.DeviceDeleted;
import org.mdmenroll.events.device.DeviceReset;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.support.problem.Refusal.Kind;

import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.cancelled;
import static org.mdmenroll.command.device.DeviceHistory.downloaded;
import static org.mdmenroll.command.device.DeviceHistory.started;
import static org.mdmenroll.events.device.Platform.IOS;

/** Leaving management: checked out by the device, retired, wiped, reset or deleted, each from its statuses. */
class DeviceOffboardingTest extends DeviceAggregateTest {

    // ---- checking out ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anActiveOrResetDeviceChecksOut(Stage stage) {
        givenIos(stage)
                .when(new CheckOutDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceCheckedOut(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET", "DELETED"}, mode = EnumSource.Mode.EXCLUDE)
    void onlyAnActiveOrResetDeviceChecksOut(Stage stage) {
        givenIos(stage)
                .when(new CheckOutDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aDeletedEntrysDeviceIsToldItIsNoLongerManaged() {
        givenIos(Stage.DELETED)
                .when(new CheckOutDevice(DEVICE))
                .expectException(refusal(Kind.UNAUTHORIZED, "device-deleted"))
                .expectNoEvents();
    }

    // ---- retiring -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"STARTED", "DOWNLOADED", "PROFILE_EXPIRED", "CANCELLED",
            "CANCELLED_EXPIRED", "ACTIVE", "RESET"})
    void anEnrollmentInProgressOrAManagedDeviceIsRetired(Stage stage) {
        givenIos(stage)
                .when(new RetireDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceRetired(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"RETIRED", "CHECKED_OUT", "SUPERSEDED", "WIPED", "DELETED"})
    void anEntryNoLongerManagedIsNotRetired(Stage stage) {
        givenIos(stage)
                .when(new RetireDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    @Test
    void aRetiredCancelledEntryIsNotRetiredAgain() {
        fixture.given(started(IOS), downloaded(), cancelled(), new DeviceRetired(DEVICE, TENANT))
                .when(new RetireDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- wiping ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anActiveOrResetDeviceIsWiped(Stage stage) {
        givenIos(stage)
                .when(new WipeDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceWiped(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void onlyAnActiveOrResetDeviceIsWiped(Stage stage) {
        givenIos(stage)
                .when(new WipeDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- resetting ------------------------------------------------------------------------------

    @Test
    void anActiveDeviceIsReset() {
        givenIos(Stage.ACTIVE)
                .when(new ResetDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceReset(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnActiveDeviceIsReset(Stage stage) {
        givenIos(stage)
                .when(new ResetDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }

    // ---- deleting -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = "DELETED", mode = EnumSource.Mode.EXCLUDE)
    void anyEntryButADeletedOneIsDeleted(Stage stage) {
        givenIos(stage)
                .when(new DeleteDevice(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceDeleted(DEVICE, TENANT));
    }

    @Test
    void aDeletedEntryIsNotDeletedAgain() {
        givenIos(Stage.DELETED)
                .when(new DeleteDevice(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }
}
