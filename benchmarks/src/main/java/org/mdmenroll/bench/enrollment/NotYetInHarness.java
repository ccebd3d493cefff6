package org.mdmenroll.bench.enrollment;

/**
 * A step of the full flow the harness cannot make yet: never run, always reported as NOT MEASURED,
 * saying whether the services lack the endpoint or only the harness lacks the step. Replace it in
 * {@link EnrollmentFlow#steps()} with the real step once it is written.
 */
public record NotYetInHarness(String name, String method, String path) implements FlowStep {

    @Override
    public String unavailableBecause(FlowContext context) {
        String missing = context.commandSidePaths().missing(method, path);
        return missing != null ? missing
                : method + " " + path + " exists, but the harness has no " + name + " step yet (see EnrollmentFlow)";
    }

    @Override
    public void run(SimulatedDevice device) {
        throw new IllegalStateException(name + " is not in the harness yet");
    }
}
