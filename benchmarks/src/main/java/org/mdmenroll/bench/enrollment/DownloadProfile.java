package org.mdmenroll.bench.enrollment;

/** {@code GET /t/{tenant}/enrollments/{deviceId}/profile}: the enrollment profile, kept for later steps. */
public final class DownloadProfile implements FlowStep {

    @Override
    public String name() {
        return "download-profile";
    }

    @Override
    public void run(SimulatedDevice device) throws Exception {
        var answer = SimulatedDevice.expect(device.http().get(
                device.tenantUrl("/enrollments/" + device.deviceId() + "/profile"), device.session()), 200, name());
        if (!answer.contentType().startsWith("application/x-apple-aspen-config") || answer.bytes().length == 0) {
            throw new IllegalStateException("not a profile: " + answer.contentType());
        }
        device.profile(answer.bytes());
    }
}
