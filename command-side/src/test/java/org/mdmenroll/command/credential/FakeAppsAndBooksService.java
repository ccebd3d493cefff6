package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Apple's Apps and Books service (v2) as a local HTTP server: {@code POST /mdm/v2/assets/associate}
 * and {@code /disassociate} with {@code Authorization: Bearer <sToken>}; an unknown sToken is
 * answered as Apple does (401, error 9602), a good call with an event id.
 */
final class FakeAppsAndBooksService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: the path, the sToken it carried and the JSON body. */
    record Received(String path, String sToken, JsonNode body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> sTokens = ConcurrentHashMap.newKeySet();
    private volatile int failNextWith;
    private final HttpServer server;

    FakeAppsAndBooksService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mdm/v2/assets/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mdm/v2";
    }

    FakeAppsAndBooksService knowing(String sToken) {
        sTokens.add(sToken);
        return this;
    }

    /** The next call fails with this (5xx) status, as when Apple has trouble. */
    void failNextWith(int status) {
        failNextWith = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String sToken = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length()) : null;
            String path = exchange.getRequestURI().getPath();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(path, sToken, body));
            if (failNextWith != 0) {
                int status = failNextWith;
                failNextWith = 0;
                answer(exchange, status, "");
                return;
            }
            if (sToken == null || !sTokens.contains(sToken)) {
                answer(exchange, 401, "{\"errorNumber\":9602,\"errorMessage\":\"Invalid authentication token\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !(path.endsWith("/assets/associate") || path.endsWith("/assets/disassociate"))
                    || body.path("assets").path(0).path("adamId").asText("").isEmpty()
                    || !body.path("serialNumbers").isArray()) {
                answer(exchange, 400, "{\"errorNumber\":9600,\"errorMessage\":\"Missing required argument\"}");
                return;
            }
            answer(exchange, 200, JSON.createObjectNode().put("eventId", UUID.randomUUID().toString())
                    .put("tokenExpirationDate", "2030-11-08T22:33:22+0000").put("uId", "2049025000431439").toString());
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
