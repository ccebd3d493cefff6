package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Apple's device assignment service as a local HTTP server (the JDK's), speaking the documented
 * calls: {@code GET /session} checks the OAuth 1.0a signature by computing it again here (RFC 5849,
 * HMAC-SHA1, independent of the client's ScribeJava), then {@code X-ADM-Auth-Session} is required on
 * {@code POST /server/devices} (pages of {@link #pageSize}), {@code POST /devices/sync},
 * {@code POST /profile} and {@code PUT /profile/devices}. Sessions can be expired to see the 401 path;
 * devices can be added, modified and removed between syncs, as Apple Business Manager would.
 */
final class FakeDeviceAssignmentService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received, without secrets worth hiding (sessions are the fake's own). */
    record Received(String method, String path, String session, String protocolVersion, JsonNode body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> sessionCalls = new CopyOnWriteArrayList<>();
    final List<JsonNode> profiles = new CopyOnWriteArrayList<>();
    final List<JsonNode> deviceServer = new CopyOnWriteArrayList<>();
    final List<JsonNode> pendingChanges = new CopyOnWriteArrayList<>();
    final Set<String> expiredCursors = ConcurrentHashMap.newKeySet();
    volatile int pageSize = 2;
    volatile boolean rotateSessions;
    private final Map<String, ServerToken> tokens = new ConcurrentHashMap<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private volatile int refusalStatus;
    private volatile String refusalBody;
    private final HttpServer server;

    FakeDeviceAssignmentService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The server tokens Apple would know (the MDM servers of Apple Business Manager). */
    FakeDeviceAssignmentService knowing(ServerToken token) {
        tokens.put(token.consumerKey() + "\n" + token.accessToken(), token);
        return this;
    }

    FakeDeviceAssignmentService withDevices(String... serials) {
        for (String serial : serials) {
            deviceServer.add(device(serial, null));
        }
        return this;
    }

    void changed(String serial, String opType) {
        pendingChanges.add(device(serial, opType));
    }

    /** A device newly assigned to the MDM server in Apple Business Manager. */
    void added(String serial) {
        deviceServer.add(device(serial, null));
        pendingChanges.add(device(serial, "added"));
    }

    /** A fact of a device of the server changes, e.g. its OS or colour. */
    void modified(String serial, String field, String value) {
        ObjectNode device = serverDevice(serial);
        device.put(field, value);
        pendingChanges.add(device.deepCopy().put("op_type", "modified").put("op_date", "2026-11-22T09:30:00Z"));
    }

    /** A device released from the server (or moved to another one). */
    void removed(String serial) {
        deviceServer.remove(serverDevice(serial));
        pendingChanges.add(device(serial, "deleted").put("op_date", "2026-11-22T09:45:00Z"));
    }

    /** The profile uuid Apple has assigned to a device of the server, or null. */
    String profileOf(String serial) {
        JsonNode uuid = serverDevice(serial).path("profile_uuid");
        return uuid.isTextual() ? uuid.asText() : null;
    }

    private ObjectNode serverDevice(String serial) {
        return (ObjectNode) deviceServer.stream().filter(device -> device.path("serial_number").asText().equals(serial))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a device of the server: " + serial));
    }

    /** Every session handed out so far is forgotten: the next call gets 401. */
    void expireSessions() {
        sessions.clear();
    }

    /** The next call after a session is answered with this status and body. */
    void refuseNextWith(int status, String body) {
        refusalStatus = status;
        refusalBody = body;
    }

    long count(String path) {
        return received.stream().filter(request -> request.path().equals(path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/session") && exchange.getRequestMethod().equals("GET")) {
                session(exchange);
                return;
            }
            String session = exchange.getRequestHeaders().getFirst("X-ADM-Auth-Session");
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(exchange.getRequestMethod(), path, session,
                    exchange.getRequestHeaders().getFirst("X-Server-Protocol-Version"), body));
            if (session == null || !sessions.contains(session)) {
                answer(exchange, 401, "UNAUTHORIZED");
                return;
            }
            if (refusalStatus != 0) {
                int status = refusalStatus;
                refusalStatus = 0;
                answer(exchange, status, refusalBody);
                return;
            }
            if (rotateSessions) {
                sessions.remove(session);
                String next = "session-" + UUID.randomUUID();
                sessions.add(next);
                exchange.getResponseHeaders().add("X-ADM-Auth-Session", next);
            }
            switch (exchange.getRequestMethod() + " " + path) {
                case "POST /server/devices" -> fetch(exchange, body);
                case "POST /devices/sync" -> sync(exchange, body);
                case "POST /profile" -> defineProfile(exchange, body);
                case "PUT /profile/devices" -> assignProfile(exchange, body);
                default -> answer(exchange, 404, "NOT_FOUND");
            }
        }
    }

    private void session(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        sessionCalls.add(header == null ? "" : header);
        Map<String, String> oauth = header == null || !header.startsWith("OAuth ") ? Map.of() : oauthParameters(header);
        ServerToken token = tokens.get(oauth.get("oauth_consumer_key") + "\n" + oauth.get("oauth_token"));
        if (token == null || !"ADM".equals(oauth.get("realm")) || !"HMAC-SHA1".equals(oauth.get("oauth_signature_method"))
                || !"1.0".equals(oauth.get("oauth_version")) || oauth.get("oauth_timestamp") == null
                || oauth.get("oauth_nonce") == null || !nonces.add(oauth.get("oauth_nonce"))
                || !signature(baseUrl() + "/session", oauth, token).equals(oauth.get("oauth_signature"))) {
            answer(exchange, 401, "UNAUTHORIZED");
            return;
        }
        String session = "session-" + UUID.randomUUID();
        sessions.add(session);
        answer(exchange, 200, JSON.createObjectNode().put("auth_session_token", session).toString());
    }

    /** {@code OAuth realm="ADM", oauth_consumer_key="..."}: every value percent-decoded. */
    private static Map<String, String> oauthParameters(String header) {
        Map<String, String> parameters = new TreeMap<>();
        for (String part : header.substring("OAuth ".length()).split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[1].startsWith("\"") && pair[1].endsWith("\"")) {
                parameters.put(pair[0], URLDecoder.decode(pair[1].substring(1, pair[1].length() - 1),
                        StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** RFC 5849 section 3.4: the base string of GET url and the oauth parameters but realm and the signature. */
    static String signature(String url, Map<String, String> oauth, ServerToken token) {
        List<String> pairs = new ArrayList<>();
        oauth.forEach((name, value) -> {
            if (!name.equals("realm") && !name.equals("oauth_signature")) {
                pairs.add(percent(name) + "=" + percent(value));
            }
        });
        Collections.sort(pairs);
        String base = "GET&" + percent(url) + "&" + percent(String.join("&", pairs));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((percent(token.consumerSecret()) + "&" + percent(token.accessSecret()))
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String percent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private void fetch(HttpExchange exchange, JsonNode body) throws IOException {
        int from = body.hasNonNull("cursor") ? Integer.parseInt(body.path("cursor").asText().substring("fetch-".length())) : 0;
        int to = Math.min(deviceServer.size(), from + Math.min(pageSize, body.path("limit").asInt(1000)));
        ObjectNode answer = JSON.createObjectNode().put("cursor", "fetch-" + to).put("more_to_follow", to < deviceServer.size())
                .put("fetched_until", "2026-11-22T09:00:00Z");
        answer.putArray("devices").addAll(deviceServer.subList(from, to));
        answer(exchange, 200, answer.toString());
    }

    private void sync(HttpExchange exchange, JsonNode body) throws IOException {
        String cursor = body.path("cursor").asText("");
        if (cursor.isEmpty()) {
            answer(exchange, 400, "CURSOR_REQUIRED");
            return;
        }
        if (expiredCursors.contains(cursor)) {
            answer(exchange, 400, "EXPIRED_CURSOR");
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("cursor", "sync-" + UUID.randomUUID()).put("more_to_follow", false);
        answer.putArray("devices").addAll(List.copyOf(pendingChanges));
        pendingChanges.clear();
        answer(exchange, 200, answer.toString());
    }

    private void defineProfile(HttpExchange exchange, JsonNode body) throws IOException {
        if (body.path("profile_name").asText("").isEmpty() || body.path("url").asText("").isEmpty()) {
            answer(exchange, 400, "PROFILE_NAME_REQUIRED");
            return;
        }
        profiles.add(body);
        String uuid = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        ObjectNode answer = JSON.createObjectNode().put("profile_uuid", uuid);
        answer.putObject("devices");
        answer(exchange, 200, answer.toString());
    }

    /**
     * Serials of the server are SUCCESS (their profile status becomes assigned, which the next sync
     * tells as modified); others NOT_ACCESSIBLE, as Apple answers for devices not assigned to it.
     */
    private void assignProfile(HttpExchange exchange, JsonNode body) throws IOException {
        String profileUuid = body.path("profile_uuid").asText();
        ObjectNode answer = JSON.createObjectNode().put("profile_uuid", profileUuid);
        ObjectNode results = answer.putObject("devices");
        for (JsonNode serial : body.path("devices")) {
            ObjectNode known = (ObjectNode) deviceServer.stream().filter(device -> device.path("serial_number").asText()
                    .equals(serial.asText())).findFirst().orElse(null);
            results.put(serial.asText(), known != null ? "SUCCESS" : "NOT_ACCESSIBLE");
            if (known != null) {
                known.put("profile_status", "assigned").put("profile_uuid", profileUuid)
                        .put("profile_assign_time", "2026-11-22T09:15:00Z");
                pendingChanges.add(known.deepCopy().put("op_type", "modified").put("op_date", "2026-11-22T09:15:00Z"));
            }
        }
        answer(exchange, 200, answer.toString());
    }

    private static ObjectNode device(String serial, String opType) {
        ObjectNode device = JSON.createObjectNode().put("serial_number", serial).put("model", "iPad Pro")
                .put("description", "IPAD PRO WI-FI 256GB").put("color", "SPACE GRAY").put("os", "iOS")
                .put("device_family", "iPad").put("profile_status", "empty")
                .put("device_assigned_by", "admin@acme.example.com").put("device_assigned_date", "2026-11-20T08:00:00Z");
        if (opType != null) {
            device.put("op_type", opType).put("op_date", "2026-11-22T09:00:00Z");
        }
        return device;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
