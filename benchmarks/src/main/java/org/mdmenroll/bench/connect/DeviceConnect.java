package org.mdmenroll.bench.connect;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import org.mdmenroll.bench.Latencies;
import org.mdmenroll.bench.enrollment.SimulatedDevice;
import org.mdmenroll.support.testing.apple.ConnectPlists;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connect of a freshly enrolled device to the profile's ServerURL ({@code PUT /t/{tenant}/mdm/server}),
 * as an iPhone does after the push: Idle, answered with DeviceInformation; the QueryResponses
 * (Acknowledged), answered with SecurityInfo; its answer (Acknowledged), answered with an empty
 * body. Enrollment queues both commands, so both belong to the device's first connect. Every body is
 * signed with the device's identity key ({@code Mdm-Signature}) and sent without Content-Type, as
 * devices do here. Each call is timed on its own.
 */
final class DeviceConnect {

    /** The calls of a connect, in order: what the device sends, and what it must get back. */
    static final List<String> CALLS = List.of("idle -> DeviceInformation", "ack DeviceInformation -> SecurityInfo",
            "ack SecurityInfo -> empty");

    private final Map<String, Latencies> latencies = new LinkedHashMap<>();

    DeviceConnect() {
        CALLS.forEach(call -> latencies.put(call, new Latencies()));
    }

    Map<String, Latencies> latencies() {
        return latencies;
    }

    /**
     * Untimed, for the JIT compiler: {@code rounds - 1} times Idle answered with DeviceInformation and
     * NotNow (the command stays queued, nothing more on that connection), then the whole connect.
     */
    void warmUp(SimulatedDevice device, int rounds) throws Exception {
        for (int round = 1; round < rounds; round++) {
            Answer information = call(device, CALLS.get(0), ConnectPlists.idle(device.udid()), false);
            information.require("DeviceInformation");
            call(device, "not now", ConnectPlists.notNow(device.udid(), information.commandUuid()), false)
                    .require(null);
        }
        run(device, false);
    }

    /** The whole connect of {@code device}; throws when an answer is not the one the flow expects. */
    void run(SimulatedDevice device, boolean timed) throws Exception {
        Answer information = call(device, CALLS.get(0), ConnectPlists.idle(device.udid()), timed);
        information.require("DeviceInformation");
        Answer security = call(device, CALLS.get(1),
                ConnectPlists.deviceInformation(device.udid(), information.commandUuid(), device.serial()), timed);
        security.require("SecurityInfo");
        call(device, CALLS.get(2), ConnectPlists.securityInfo(device.udid(), security.commandUuid()), timed)
                .require(null);
    }

    private Answer call(SimulatedDevice device, String call, byte[] body, boolean timed) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(device.tenantUrl("/mdm/server")))
                .header("Mdm-Signature", device.identity().sign(body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long start = System.nanoTime();
        var response = SimulatedDevice.expect(device.http().send(request), 200, call);
        if (timed) {
            latencies.get(call).record(System.nanoTime() - start);
        }
        return Answer.of(response.bytes());
    }

    /** The command the server handed out (null request type: the empty answer). */
    private record Answer(String commandUuid, String requestType) {

        static Answer of(byte[] body) throws Exception {
            if (body.length == 0) {
                return new Answer(null, null);
            }
            NSDictionary plist = (NSDictionary) PropertyListParser.parse(body);
            NSObject command = plist.objectForKey("Command");
            String requestType = command instanceof NSDictionary dictionary && dictionary.objectForKey("RequestType") != null
                    ? dictionary.objectForKey("RequestType").toString() : null;
            NSObject uuid = plist.objectForKey("CommandUUID");
            if (uuid == null || requestType == null) {
                throw new IllegalStateException("not an MDM command plist: " + plist.toXMLPropertyList());
            }
            return new Answer(uuid.toString(), requestType);
        }

        /** Throws unless the answer is {@code expected} (null: the empty answer). */
        void require(String expected) {
            if (!java.util.Objects.equals(expected, requestType)) {
                throw new IllegalStateException("expected " + (expected == null ? "an empty answer" : expected)
                        + ", got " + (requestType == null ? "an empty answer" : requestType));
            }
        }
    }
}
