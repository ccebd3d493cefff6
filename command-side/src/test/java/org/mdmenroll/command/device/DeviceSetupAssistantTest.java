package org.mdmenroll.command.device;

import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.device.DeviceCommands.StartEnrollment;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.PUSH_TOPIC;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.downloaded;
import static org.mdmenroll.command.device.DeviceHistory.enroll;
import static org.mdmenroll.command.device.DeviceHistory.enrolled;
import static org.mdmenroll.events.device.Platform.IOS;

/**
 * An ADE device whose profile awaits configuration waits in Setup Assistant until it gets
 * DeviceConfigured: the entry queues it after the enrollment-time inventory, once while it is open,
 * again when Setup Assistant starts over on a managed device, and never for other methods.
 */
class DeviceSetupAssistantTest extends DeviceAggregateTest {

    private static final HardwareIdentity IPHONE = new HardwareIdentity("F2LXK1ABJG5H", "00008120-01", null, null);
    private static final String CONFIGURED = "C0000000-0000-4000-8000-00000000000C";

    private static List<Object> authenticated(EnrollmentMethod method, Object... more) {
        List<Object> events = new ArrayList<>(List.of(
                new EnrollmentStarted(DEVICE, TENANT, null, IOS, "18.4", method, IPHONE, null),
                downloaded(),
                new DeviceAuthenticated(DEVICE, TENANT, "00008120-01", null, "F2LXK1ABJG5H", "iPhone16,2", "iPhone",
                        "iPhone16,2", "18.4", "22E240", "iPhone")));
        events.addAll(List.of(more));
        return events;
    }

    private static MdmPushTokenUpdated tokenUpdated(boolean awaitingConfiguration) {
        return new MdmPushTokenUpdated(DEVICE, TENANT, null, PUSH_TOPIC, "sealed-token", "sealed-magic", null,
                awaitingConfiguration);
    }

    private static UpdateMdmPushToken tokenUpdate(boolean awaitingConfiguration) {
        return new UpdateMdmPushToken(DEVICE, null, null, null, PUSH_TOPIC, "sealed-token", "sealed-magic", null,
                awaitingConfiguration);
    }

    private static MdmCommandQueued deviceConfiguredQueued() {
        return new MdmCommandQueued(DEVICE, TENANT, CONFIGURED, "DeviceConfigured", MdmChannel.DEVICE,
                MdmCommandPurpose.SETUP, Map.of(), TestCommandEncoder.sealed(IOS, "DeviceConfigured"));
    }

    /** The events of one when-clause, in order: an event equal to the one given, or a command queued of that request type and purpose. */
    private static void expect(ResultValidator<Device> result, Object... expected) {
        List<org.hamcrest.Matcher<? super Object>> matchers = new ArrayList<>();
        for (Object e : expected) {
            if (e instanceof String requestType) {
                matchers.add(Matchers.<Object>matches(event -> event instanceof MdmCommandQueued queued
                        && queued.requestType().equals(requestType)
                        && (queued.purpose() == MdmCommandPurpose.SETUP) == requestType.equals("DeviceConfigured")));
            } else {
                matchers.add(Matchers.<Object>equalTo(e));
            }
        }
        matchers.add(andNoMore());
        @SuppressWarnings("unchecked")
        org.hamcrest.Matcher<Object>[] all = matchers.toArray(new org.hamcrest.Matcher[0]);
        result.expectEventsMatching(payloadsMatching(exactSequenceOf(all)));
    }

    @Test
    void anAdeEntryEnrolledWithoutAUserStartsWithNone() {
        fixture.givenNoPriorActivity()
                .when(new StartEnrollment(DEVICE, TENANT, null, IOS, "18.4", EnrollmentMethod.ADE, IPHONE, null))
                .expectEvents(new EnrollmentStarted(DEVICE, TENANT, null, IOS, "18.4", EnrollmentMethod.ADE, IPHONE, null));
    }

    @Test
    void theTokenUpdateRecordsThatTheDeviceAwaitsConfiguration() {
        fixture.given(authenticated(EnrollmentMethod.ADE))
                .when(tokenUpdate(true))
                .expectEvents(tokenUpdated(true))
                .expectResultMessagePayload(true);
    }

    @Test
    void anAdeDeviceAwaitingConfigurationGetsDeviceConfiguredAfterItsInventory() {
        expect(fixture.given(authenticated(EnrollmentMethod.ADE, tokenUpdated(true))).when(enroll()),
                enrolled(), "DeviceInformation", "SecurityInfo", "DeviceConfigured");
    }

    @Test
    void anAdeDeviceNotAwaitingConfigurationGetsOnlyItsInventory() {
        expect(fixture.given(authenticated(EnrollmentMethod.ADE, tokenUpdated(false))).when(enroll()),
                enrolled(), "DeviceInformation", "SecurityInfo");
    }

    @Test
    void anEntryOfAnotherMethodNeverGetsDeviceConfigured() {
        expect(fixture.given(authenticated(EnrollmentMethod.IN_APP, tokenUpdated(true))).when(enroll()),
                enrolled(), "DeviceInformation", "SecurityInfo");
    }

    @Test
    void setupAssistantStartingOverOnAManagedDeviceGetsDeviceConfiguredAgainUnlessOneIsOpen() {
        List<Object> managedAfterConfigured = authenticated(EnrollmentMethod.ADE, tokenUpdated(false), enrolled());
        expect(fixture.given(managedAfterConfigured).when(tokenUpdate(true)), tokenUpdated(true), "DeviceConfigured");

        setUp();
        List<Object> stillOpen = authenticated(EnrollmentMethod.ADE, tokenUpdated(true), enrolled(),
                deviceConfiguredQueued());
        expect(fixture.given(stillOpen).when(tokenUpdate(true)), tokenUpdated(true));
    }

    @Test
    void aManagedDeviceNoLongerAwaitingConfigurationGetsNothingMore() {
        expect(fixture.given(authenticated(EnrollmentMethod.ADE, tokenUpdated(true), enrolled())).when(tokenUpdate(false)),
                tokenUpdated(false));
    }
}
