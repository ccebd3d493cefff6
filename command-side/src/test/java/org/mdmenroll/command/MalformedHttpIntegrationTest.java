package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the container itself rejects, sent as raw bytes (no HTTP client would send them): every
 * answer is problem+json, never Tomcat's HTML page or an empty body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedHttpIntegrationTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void malformedRequestsAreProblems() throws IOException {
        String big = "a".repeat(20_000);
        String[] requests = {
                "GET /api/users/..%2f..%2fetc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/us%00ers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/users HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rb\r\nConnection: close\r\n\r\n",
                "GET /api/users HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n",
                "GET /api/users?q=" + big + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/us ers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        };
        for (String request : requests) {
            Answer answer = send(request);
            String shown = request.substring(0, Math.min(60, request.length()));
            assertThat(answer.status).as(shown).isBetween(400, 499);
            assertThat(answer.head.toLowerCase()).as(shown).contains("content-type: application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(answer.body);
            assertThat(problem.path("status").asInt()).as(shown).isEqualTo(answer.status);
            assertThat(problem.path("type").asText()).as(shown).startsWith("https://mdmenroll.org/problems/");
        }
    }

    @Test
    void traceIsRefusedWith405() throws IOException {
        Answer answer = send("TRACE /api/users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.status).as(answer.head + "\n" + answer.body).isEqualTo(405);
        assertThat(answer.head.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(new ObjectMapper().readTree(answer.body).path("type").asText())
                .isEqualTo("https://mdmenroll.org/problems/method-not-allowed");
    }

    private record Answer(int status, String head, String body) {
    }

    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                // reset after the answer: what was read is the answer
            }
            String text = read.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Answer(status, head, body);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
