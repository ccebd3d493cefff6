package org.mdmenroll.bench.enrollment;

/** {@code POST /t/{tenant}/enrollments}: an iOS device starts enrolling in the app (a new device entry). */
public final class StartEnrollment implements FlowStep {

    @Override
    public String name() {
        return "start-enrollment";
    }

    @Override
    public void run(SimulatedDevice device) throws Exception {
        var answer = SimulatedDevice.expect(device.http().post(device.tenantUrl("/enrollments"), device.session(),
                "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\"}"), 201, name());
        device.deviceId(answer.text("deviceId"));
    }
}
