package org.mdmenroll.bench.enrollment;

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
                new NotYetInHarness("scep", "POST", "/t/{tenant}/scep"),
                new NotYetInHarness("authenticate", "PUT", "/t/{tenant}/mdm/checkin"),
                new NotYetInHarness("token-update", "PUT", "/t/{tenant}/mdm/checkin"));
    }
}
