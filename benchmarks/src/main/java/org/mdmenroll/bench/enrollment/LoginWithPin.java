package org.mdmenroll.bench.enrollment;

/** {@code POST /t/{tenant}/go/login} with the user's email and one-time PIN: a session (bcrypt check of the PIN). */
public final class LoginWithPin implements FlowStep {

    @Override
    public String name() {
        return "login-pin";
    }

    @Override
    public void run(SimulatedDevice device) throws Exception {
        var answer = SimulatedDevice.expect(device.http().post(device.tenantUrl("/go/login"), null,
                "{\"email\":\"" + device.email() + "\",\"pin\":\"" + device.pin() + "\"}"), 200, name());
        if (answer.body().path("mustSetPassword").asBoolean()) {
            throw new IllegalStateException("the user has no password: set up wrongly");
        }
        device.sessionToken(answer.text("sessionToken"));
    }
}
