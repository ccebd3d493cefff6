package org.mdmenroll.bench.enrollment;

/**
 * One call a simulated device makes while it enrolls, timed on its own (p50/p99 per step). The
 * enrollment scenario runs {@link EnrollmentFlow#steps()} in order for every device; a step that
 * fails ends that device's flow and is counted as an error.
 *
 * <p>To add a step (SCEP, check-in Authenticate, TokenUpdate ...): implement {@link #run} with the
 * device's calls (what earlier steps learnt is on the {@link SimulatedDevice}, e.g. its profile;
 * put what later steps need in {@link SimulatedDevice#attributes()}), let {@link #unavailableBecause}
 * say when the services do not offer it (usually {@link OpenApiPaths#missing}), and list it in
 * {@link EnrollmentFlow#steps()}. Unavailable steps are skipped and reported as NOT MEASURED.
 */
public interface FlowStep {

    /** The step's name in the results, e.g. {@code login-pin}. */
    String name();

    /**
     * Null when the running services offer this step; otherwise why it cannot be measured. Asked
     * once per run, before any device starts.
     */
    default String unavailableBecause(FlowContext context) throws Exception {
        return null;
    }

    /** Makes the step's call(s) for one device; throws when the answer is not what the step expects. */
    void run(SimulatedDevice device) throws Exception;
}
