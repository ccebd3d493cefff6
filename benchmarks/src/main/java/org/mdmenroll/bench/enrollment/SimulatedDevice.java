package org.mdmenroll.bench.enrollment;

import org.mdmenroll.support.testing.Http;
import org.mdmenroll.support.testing.apple.CheckInSigner;

import java.security.KeyPair;

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
    private KeyPair keys;
    private String topic;
    private CheckInSigner identity;

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

    /** The device's RSA key for SCEP, made before the timed flow. */
    public KeyPair keys() {
        return keys;
    }

    public void keys(KeyPair keys) {
        this.keys = keys;
    }

    /** The MDM push topic the profile names. */
    public String topic() {
        return topic;
    }

    public void topic(String topic) {
        this.topic = topic;
    }

    /** The identity certificate SCEP issued, with its key: what signs the check-ins. */
    public CheckInSigner identity() {
        return identity;
    }

    public void identity(CheckInSigner identity) {
        this.identity = identity;
    }

    /** The hardware the device reports at check-in, distinct per device. */
    public String udid() {
        return "00008120-BENCH%07d".formatted(index);
    }

    public String serial() {
        return "BENCH%07d".formatted(index);
    }

    /** The APNs token the device reports in its TokenUpdate. */
    public byte[] pushToken() {
        byte[] token = new byte[32];
        java.nio.ByteBuffer.wrap(token).putInt(index);
        return token;
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
