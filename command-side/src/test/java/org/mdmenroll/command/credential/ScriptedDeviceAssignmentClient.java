package org.mdmenroll.command.credential;

import org.mdmenroll.events.credential.AdeDevice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The port as the aggregate tests need it: pages and failures queued in advance, every call
 * listed with the credentials it was given (the HTTP client is tested against a local server).
 */
class ScriptedDeviceAssignmentClient implements DeviceAssignmentClient {

    final List<String> calls = new ArrayList<>();
    final List<ServerToken> tokensSeen = new ArrayList<>();
    final List<ProfileDefinition> profilesSeen = new ArrayList<>();
    private final Deque<Object> answers = new ArrayDeque<>();

    ScriptedDeviceAssignmentClient answering(Object... pagesOrFailures) {
        answers.addAll(List.of(pagesOrFailures));
        return this;
    }

    static DevicePage page(String cursor, boolean more, AdeDevice... devices) {
        return new DevicePage(cursor, List.of(devices), more);
    }

    static AdeDevice device(String serial, String opType) {
        return device(serial, opType, "empty");
    }

    static AdeDevice device(String serial, String opType, String profileStatus) {
        return new AdeDevice(serial, "iPad Pro", "iOS", "iPad", profileStatus, null, opType, "IPAD PRO WI-FI 256GB",
                "SPACE GRAY", null, "admin@acme.example.com", null, null);
    }

    static DeviceAssignmentException refused(int status, String code) {
        return new DeviceAssignmentException(status, code, "Apple answered " + status + " " + code, true);
    }

    static DeviceAssignmentException unreachable() {
        return new DeviceAssignmentException(0, "UNREACHABLE", "Connection refused", false);
    }

    @Override
    public DevicePage fetchDevices(ServerToken token, String cursor) {
        return next("fetch " + cursor, token, DevicePage.class);
    }

    @Override
    public DevicePage syncDevices(ServerToken token, String cursor) {
        return next("sync " + cursor, token, DevicePage.class);
    }

    @Override
    public String defineProfile(ServerToken token, ProfileDefinition profile) {
        profilesSeen.add(profile);
        return next("define " + profile.profileName(), token, String.class);
    }

    @Override
    public Map<String, String> assignProfile(ServerToken token, String profileUuid, List<String> serialNumbers) {
        Map<String, String> results = new LinkedHashMap<>();
        String answer = next("assign " + profileUuid + " " + serialNumbers, token, String.class);
        serialNumbers.forEach(serial -> results.put(serial, answer));
        return results;
    }

    private <T> T next(String call, ServerToken token, Class<T> type) {
        calls.add(call);
        tokensSeen.add(token);
        Object answer = answers.removeFirst();
        if (answer instanceof DeviceAssignmentException e) {
            throw e;
        }
        return type.cast(answer);
    }
}
