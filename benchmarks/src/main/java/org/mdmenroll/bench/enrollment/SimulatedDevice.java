package org.mdmenroll.bench.enrollment;

import org.mdmenroll.support.testing.Http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated device and its user while they go through the flow: who it is (set up before the
 * timed flow: a user with a password and a one-time PIN) and what earlier steps learnt.
 */
public final class SimulatedDevice {

    private final int index;
    private final String commandSide;
    private final String tenantSlug;
    private final Http http;
    private final String email;
    private final String pin;
    private String sessionToken;
    private String deviceId;
    private byte[] profile;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    public SimulatedDevice(int index, String commandSide, String tenantSlug, Http http, String email, String pin) {
        this.index = index;
        this.commandSide = commandSide;
        this.tenantSlug = tenantSlug;
        this.http = http;
        this.email = email;
        this.pin = pin;
    }

    public int index() {
        return index;
    }

    public Http http() {
        return http;
    }

    /** The command side's URL of a tenant path, e.g. {@code tenantUrl("/go/login")}. */
    public String tenantUrl(String path) {
        return commandSide + "/t/" + tenantSlug + path;
    }

    public String commandSide() {
        return commandSide;
    }

    public String tenantSlug() {
        return tenantSlug;
    }

    public String email() {
        return email;
    }

    public String pin() {
        return pin;
    }

    /** The session's Authorization header value. */
    public String session() {
        return Http.bearer(sessionToken);
    }

    public void sessionToken(String token) {
        this.sessionToken = token;
    }

    public String deviceId() {
        return deviceId;
    }

    public void deviceId(String id) {
        this.deviceId = id;
    }

    public byte[] profile() {
        return profile;
    }

    public void profile(byte[] bytes) {
        this.profile = bytes;
    }

    /** What steps pass on to later steps beyond the above (keys, certificates, push tokens ...). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Throws unless the answer has the expected status. */
    public static Http.Response expect(Http.Response response, int status, String what) {
        if (response.status() != status) {
            String body = response.body() == null ? "" : response.body().toString();
            throw new IllegalStateException(what + ": expected " + status + ", got " + response.status() + " "
                    + body.substring(0, Math.min(200, body.length())));
        }
        return response;
    }
}
