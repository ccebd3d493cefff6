package org.mdmenroll.support.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A small HTTP client for the packaged services, shared by the system tests and the benchmarks:
 * JSON in, the answer's status, content type, bytes and (for JSON) parsed body out. Thread-safe;
 * HTTP/1.1 only, as the services speak it.
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;

    public Http() {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** An answer; {@code body} is the parsed JSON, or the text as a JSON string, or null. */
    public record Response(int status, String contentType, byte[] bytes, JsonNode body) {

        public String text(String field) {
            return body.path(field).asText();
        }
    }

    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public Response get(String url, String authorization) throws IOException, InterruptedException {
        return send(request(url, authorization).GET().build());
    }

    public Response post(String url, String authorization, String json) throws IOException, InterruptedException {
        return send(request(url, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response put(String url, String authorization, String json) throws IOException, InterruptedException {
        return send(request(url, authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Any other request, e.g. a plist or PKCS#7 body with its own content type. */
    public Response send(String method, String url, String authorization, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(url, authorization);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A multipart/form-data upload of one file part. */
    public Response upload(String url, String authorization, String part, String filename, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "----mdm-test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", url, authorization, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    public Response delete(String url, String authorization) throws IOException, InterruptedException {
        return send(request(url, authorization).DELETE().build());
    }

    private static HttpRequest.Builder request(String url, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] bytes = response.body() == null ? new byte[0] : response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new Response(response.statusCode(), contentType, bytes, parse(contentType, bytes));
    }

    private static JsonNode parse(String contentType, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return JSON.nullNode();
        }
        if (!contentType.contains("json")) {
            return JSON.getNodeFactory().textNode(text);
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
