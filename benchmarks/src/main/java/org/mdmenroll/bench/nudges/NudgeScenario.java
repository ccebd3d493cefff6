package org.mdmenroll.bench.nudges;

import org.mdmenroll.bench.BenchContext;
import org.mdmenroll.bench.Result;

/**
 * Scenario 5: K nudges through the enrollment-nudge saga's push gateway into Pushy's
 * MockApnsServer against Pushy sending the same K directly (target at least 0.8). Measured only
 * when this build has the saga; until then it is reported as NOT MEASURED, saying why.
 */
public final class NudgeScenario {

    static final String NUDGE_EVENT = "org.mdmenroll.events.device.EnrollmentNudgeSent";

    private NudgeScenario() {
    }

    public static void run(BenchContext context) {
        String size = context.config().nudges() + " nudges";
        String why;
        try {
            Class.forName(NUDGE_EVENT);
            why = "the nudge saga is in this build, but the harness has no nudge scenario yet";
        } catch (ClassNotFoundException e) {
            why = "no enrollment-nudge saga in this build (no " + NUDGE_EVENT.substring(NUDGE_EVENT.lastIndexOf('.') + 1)
                    + " event)";
        }
        context.results().add(Result.notMeasured("nudges", size, "nudges/s saga vs Pushy direct", why));
    }
}
