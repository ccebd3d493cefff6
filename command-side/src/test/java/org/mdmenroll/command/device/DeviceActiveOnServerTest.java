package org.mdmenroll.command.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdmenroll.command.device.DeviceCommands.RecordManualCaCertificatesRemoved;
import org.mdmenroll.command.device.DeviceCommands.RequireReEnrollment;
import org.mdmenroll.command.device.DeviceCommands.SupersedeEntry;
import org.mdmenroll.command.device.DeviceHistory.Stage;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.android.AndroidManagementMode;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.OTHER_DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.history;
import static org.mdmenroll.events.device.Platform.ANDROID;

/** Facts only an entry still managed takes: marked for re-enrollment, superseded, CA certificates removed. */
class DeviceActiveOnServerTest extends DeviceAggregateTest {

    // ---- re-enrollment required (push topic changed) ---------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anAppleEntryActiveOnTheServerIsMarkedForReEnrollment(Stage stage) {
        givenIos(stage)
                .when(new RequireReEnrollment(DEVICE, "MDM push topic changed"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceReEnrollmentRequired(DEVICE, TENANT, "MDM push topic changed"))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void anAppleEntryNotActiveOnTheServerIsNotMarked(Stage stage) {
        givenIos(stage)
                .when(new RequireReEnrollment(DEVICE, "MDM push topic changed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anAndroidEntryIsNeverMarkedForAnApplePushTopic() {
        fixture.given(history(Stage.ACTIVE, Platform.ANDROID))
                .when(new RequireReEnrollment(DEVICE, "MDM push topic changed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // ---- superseding ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anEntryActiveOnTheServerIsSupersededAndAnsweredTrue(Stage stage) {
        givenIos(stage)
                .when(new SupersedeEntry(DEVICE, OTHER_DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"}, mode = EnumSource.Mode.EXCLUDE)
    void anEntryNotActiveOnTheServerIsLeftAsItIsAndAnsweredFalse(Stage stage) {
        givenIos(stage)
                .when(new SupersedeEntry(DEVICE, OTHER_DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"ACTIVE", "RESET"})
    void anEntryIsNotSupersededByItself(Stage stage) {
        givenIos(stage)
                .when(new SupersedeEntry(DEVICE, DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aSupersededEntryIsInactiveAndNoLongerSuperseded() {
        givenIos(Stage.ACTIVE).andGiven(new DeviceEntrySuperseded(DEVICE, TENANT, OTHER_DEVICE))
                .when(new SupersedeEntry(DEVICE, DeviceId.of("00000000-0000-4000-8000-000000000001")))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // ---- manually installed CA certificates -----------------------------------------------------

    @Test
    void anActiveAndroidDeviceReportsRemovedCaCertificates() {
        givenAndroid(Stage.ACTIVE)
                .andGiven(new AndroidAgentRegistered(DEVICE, TENANT, EnrollmentTokenId.random(), 34,
                        AndroidManagementMode.FULLY_MANAGED, "cd".repeat(32)))
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ManualCaCertificatesRemoved(DEVICE, TENANT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Platform.class, names = {"IOS", "MACOS"})
    void onlyAndroidReportsRemovedCaCertificates(Platform platform) {
        fixture.given(history(Stage.ACTIVE, platform))
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "android-only"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"STARTED", "CANCELLED", "RETIRED", "CHECKED_OUT", "SUPERSEDED",
            "WIPED", "RESET", "DELETED"})
    void onlyAnActiveAndroidDeviceReportsRemovedCaCertificates(Stage stage) {
        givenAndroid(stage)
                .when(new RecordManualCaCertificatesRemoved(DEVICE))
                .expectException(refusal(Kind.CONFLICT, "device-status-conflict"))
                .expectNoEvents();
    }
}
