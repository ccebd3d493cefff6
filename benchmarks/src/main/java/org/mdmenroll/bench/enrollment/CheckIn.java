package org.mdmenroll.bench.enrollment;

import java.util.function.Function;

/**
 * One check-in ({@code PUT /t/{tenant}/mdm/checkin}): the plist the device sends, signed with its
 * identity key in {@code Mdm-Signature} as SignMessage asks. Authenticate, then TokenUpdate, which
 * completes the enrollment.
 */
public final class CheckIn implements FlowStep {

    private final String name;
    private final Function<SimulatedDevice, byte[]> plist;

    public CheckIn(String name, Function<SimulatedDevice, byte[]> plist) {
        this.name = name;
        this.plist = plist;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unavailableBecause(FlowContext context) {
        return context.commandSidePaths().missing("PUT", "/t/{tenant}/mdm/checkin");
    }

    @Override
    public void run(SimulatedDevice device) throws Exception {
        byte[] body = plist.apply(device);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(device.tenantUrl("/mdm/checkin")))
                .header("Content-Type", "application/x-apple-aspen-mdm-checkin")
                .header("Mdm-Signature", device.identity().sign(body))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        SimulatedDevice.expect(device.http().send(request), 200, name);
    }
}
