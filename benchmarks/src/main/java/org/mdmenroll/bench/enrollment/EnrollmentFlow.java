package org.mdmenroll.bench.enrollment;

import org.mdmenroll.support.testing.apple.CheckInPlists;

import java.util.List;

/**
 * The full enrollment of one iOS device through HTTP, step by step, as issue 8 describes it:
 * log in with the PIN, start enrolling, download the profile, then the Apple protocol (SCEP,
 * check-in Authenticate, TokenUpdate). Steps the services or the harness do not offer yet are
 * reported as NOT MEASURED; see {@link FlowStep} for adding one.
 */
public final class EnrollmentFlow {

    private EnrollmentFlow() {
    }

    public static List<FlowStep> steps() {
        return List.of(
                new LoginWithPin(),
                new StartEnrollment(),
                new DownloadProfile(),
                new Scep(),
                new CheckIn("authenticate", device -> CheckInPlists.authenticate(device.udid(), device.serial(),
                        device.topic(), "17.4")),
                new CheckIn("token-update", device -> CheckInPlists.tokenUpdate(device.udid(), device.topic(),
                        device.pushToken(), "push-magic-" + device.index())));
    }
}
