package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Apple's Apps and Books service (v2) over HTTP: {@code Authorization: Bearer <sToken>}, device
 * licences asked for with the standard price ({@code STDQ}). Errors come as JSON with
 * {@code errorNumber} and {@code errorMessage}.
 */
@Component
public class HttpVppLicenseClient implements VppLicenseClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;

    public HttpVppLicenseClient(@Value("${mdm.apple.vpp.base-url:https://vpp.itunes.apple.com/mdm/v2}") String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String associate(String sToken, String adamId, List<String> serialNumbers) {
        return call("/assets/associate", sToken, adamId, serialNumbers);
    }

    @Override
    public String disassociate(String sToken, String adamId, List<String> serialNumbers) {
        return call("/assets/disassociate", sToken, adamId, serialNumbers);
    }

    private String call(String path, String sToken, String adamId, List<String> serialNumbers) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("assets").addObject().put("adamId", adamId).put("pricingParam", "STDQ");
        body.putArray("serialNumbers").addAll(serialNumbers.stream().map(JSON.getNodeFactory()::textNode).toList());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + sToken)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VppServiceException("UNREACHABLE", "Apple's Apps and Books service could not be reached: "
                    + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VppServiceException("INTERRUPTED", "Interrupted while calling Apple", false);
        }
        JsonNode answer = json(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300 && answer.hasNonNull("eventId")) {
            return answer.path("eventId").asText();
        }
        if (status >= 500 || status < 400) {
            throw new VppServiceException("HTTP_" + status, "Apple's Apps and Books service answered " + status
                    + " to " + path, false);
        }
        String code = answer.hasNonNull("errorNumber") ? answer.path("errorNumber").asText() : "HTTP_" + status;
        throw new VppServiceException(code, "Apple's Apps and Books service refused " + path + ": " + code + " "
                + answer.path("errorMessage").asText(""), true);
    }

    private static JsonNode json(String body) {
        try {
            JsonNode json = JSON.readTree(body == null ? "" : body);
            return json == null ? JSON.createObjectNode() : json;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
