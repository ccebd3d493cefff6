package org.mdmenroll.bench.enrollment;

import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Parallel;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.Services;
import org.mdmenroll.support.testing.Http;
import org.mdmenroll.support.testing.apple.ScepTestClient;

import java.security.KeyPair;
import java.util.List;
import java.util.stream.IntStream;

/** Simulated devices and their users, set up through the admin API, and enrolled through the whole flow. */
public final class EnrolledDevices {

    /**
     * The devices' SCEP keys: RSA 2048 generation is the device's work and costs the harness far
     * more CPU than the server's part, so a few keys made up front are shared (the server never
     * compares keys across devices; every device still gets its own certificate).
     */
    private static final KeyPair[] DEVICE_KEYS = IntStream.range(0, 8).mapToObj(i -> ScepTestClient.newKeys())
            .toArray(KeyPair[]::new);

    /** The {@link SimulatedDevice#attributes()} key of the device's user's id. */
    public static final String USER_ID = "userId";

    private EnrolledDevices() {
    }

    /**
     * Devices {@code first} to {@code first + count - 1} of the tenant, each with its user (a
     * password) and a fresh one-time PIN from the admin API; the index makes each device's user and
     * hardware distinct.
     */
    public static List<SimulatedDevice> users(String scenario, Services services, BenchTenant tenant, int first,
            int count, int concurrency) throws Exception {
        SimulatedDevice[] simulated = new SimulatedDevice[count];
        Http http = services.http();
        try (Progress progress = Progress.start(scenario + " setup: users with password and PIN", "users", count)) {
            Exception failure = Parallel.run(count, concurrency, progress, n -> {
                int i = first + n;
                String email = "device-user-" + i + "@" + tenant.slug() + ".example.com";
                Http.Response user = SimulatedDevice.expect(http.post(services.command() + "/api/users", tenant.admin(),
                        "{\"email\":\"" + email + "\",\"displayName\":\"Device user " + i
                                + "\",\"password\":\"device-user-password-" + i + "\"}"), 201, "create user");
                Http.Response invitation = SimulatedDevice.expect(http.post(services.command() + "/api/users/"
                        + user.text("userId") + "/invitations", tenant.admin(), ""), 201, "invite user");
                simulated[n] = new SimulatedDevice(i, services.command(), tenant.slug(), http, email,
                        invitation.text("pin"));
                simulated[n].keys(DEVICE_KEYS[i % DEVICE_KEYS.length]);
                simulated[n].attributes().put(USER_ID, user.text("userId"));
            });
            if (failure != null) {
                throw new IllegalStateException("setting up the users failed", failure);
            }
        }
        return List.of(simulated);
    }

    /**
     * As {@link #users}, then every device through {@link EnrollmentFlow#steps()} (untimed): each
     * ends enrolled, with its identity certificate and key on the {@link SimulatedDevice}.
     */
    public static List<SimulatedDevice> enroll(String scenario, Services services, BenchTenant tenant, int first,
            int count, int concurrency) throws Exception {
        FlowContext context = new FlowContext(services, tenant, OpenApiPaths.of(services, services.command()));
        List<FlowStep> steps = EnrollmentFlow.steps();
        for (FlowStep step : steps) {
            String unavailable = step.unavailableBecause(context);
            if (unavailable != null) {
                throw new IllegalStateException("cannot enroll devices: " + unavailable);
            }
        }
        List<SimulatedDevice> devices = users(scenario, services, tenant, first, count, concurrency);
        try (Progress progress = Progress.start(scenario + " setup: enrollments through the whole flow", "devices", count)) {
            Exception failure = Parallel.run(count, concurrency, progress, n -> {
                for (FlowStep step : steps) {
                    step.run(devices.get(n));
                }
            });
            if (failure != null) {
                throw new IllegalStateException("an enrollment failed", failure);
            }
        }
        return devices;
    }
}
