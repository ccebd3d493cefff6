package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import org.mdmenroll.events.credential.AdeDevice;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Apple's device assignment web service over HTTP. Every call carries an {@code X-ADM-Auth-Session}
 * got from {@code GET /session}, which alone is signed with OAuth 1.0a (HMAC-SHA1, realm ADM) using
 * the server token's consumer key and secret and access token and secret; ScribeJava signs it. A
 * session lasts minutes: when Apple answers 401 a new one is made and the call tried once more, and
 * a session Apple hands back in a response replaces the kept one. Sessions live only in memory.
 */
@Component
public class HttpDeviceAssignmentClient implements DeviceAssignmentClient {

    static final String SESSION_HEADER = "X-ADM-Auth-Session";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PAGE_SIZE = 1000;
    private static final Pattern APPLE_CODE = Pattern.compile("[A-Z][A-Z0-9_]{2,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Apple hands out the access token in the server token file: there is no request-token or authorize step. */
    private static final DefaultApi10a APPLE = new DefaultApi10a() {
        @Override
        public String getRequestTokenEndpoint() {
            throw new UnsupportedOperationException("ADE server tokens come from Apple Business Manager");
        }

        @Override
        public String getAccessTokenEndpoint() {
            throw new UnsupportedOperationException("ADE server tokens come from Apple Business Manager");
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            throw new UnsupportedOperationException("ADE server tokens come from Apple Business Manager");
        }
    };

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    public HttpDeviceAssignmentClient(
            @Value("${mdm.apple.device-assignment.base-url:https://mdmenrollment.apple.com}") String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public DevicePage fetchDevices(ServerToken token, String cursor) {
        return page(call(token, "POST", "/server/devices", pageRequest(cursor)));
    }

    @Override
    public DevicePage syncDevices(ServerToken token, String cursor) {
        return page(call(token, "POST", "/devices/sync", pageRequest(cursor)));
    }

    @Override
    public String defineProfile(ServerToken token, ProfileDefinition profile) {
        ObjectNode body = JSON.createObjectNode()
                .put("profile_name", profile.profileName())
                .put("url", profile.url())
                .put("is_supervised", profile.supervised())
                .put("is_mandatory", profile.mandatory())
                .put("is_mdm_removable", profile.mdmRemovable())
                .put("await_device_configured", profile.awaitDeviceConfigured());
        optional(body, "department", profile.department());
        optional(body, "support_phone_number", profile.supportPhoneNumber());
        optional(body, "support_email_address", profile.supportEmailAddress());
        optional(body, "language", profile.language());
        optional(body, "region", profile.region());
        optional(body, "configuration_web_url", profile.configurationWebUrl());
        body.putArray("skip_setup_items").addAll(profile.skipSetupItems().stream()
                .map(JSON.getNodeFactory()::textNode).toList());
        return required(call(token, "POST", "/profile", body), "profile_uuid");
    }

    @Override
    public Map<String, String> assignProfile(ServerToken token, String profileUuid, List<String> serialNumbers) {
        ObjectNode body = JSON.createObjectNode().put("profile_uuid", profileUuid);
        body.putArray("devices").addAll(serialNumbers.stream().map(JSON.getNodeFactory()::textNode).toList());
        Map<String, String> results = new LinkedHashMap<>();
        call(token, "PUT", "/profile/devices", body).path("devices").fields()
                .forEachRemaining(entry -> results.put(entry.getKey(), entry.getValue().asText()));
        return results;
    }

    private static void optional(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static ObjectNode pageRequest(String cursor) {
        ObjectNode body = JSON.createObjectNode().put("limit", PAGE_SIZE);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return body;
    }

    private static DevicePage page(JsonNode answer) {
        List<AdeDevice> devices = new ArrayList<>();
        for (JsonNode device : answer.path("devices")) {
            devices.add(new AdeDevice(text(device, "serial_number"), text(device, "model"), text(device, "os"),
                    text(device, "device_family"), text(device, "profile_status"), text(device, "profile_uuid"),
                    text(device, "op_type"), text(device, "description"), text(device, "color"),
                    time(device, "profile_assign_time"), text(device, "device_assigned_by"),
                    time(device, "device_assigned_date"), time(device, "op_date")));
        }
        return new DevicePage(text(answer, "cursor"), devices, answer.path("more_to_follow").asBoolean(false));
    }

    /** One call with the kept session; on 401 the session expired: a new one, and the call once more. */
    private JsonNode call(ServerToken token, String method, String path, JsonNode body) {
        String key = token.consumerKey() + "\n" + token.accessToken();
        String session = sessions.computeIfAbsent(key, ignored -> newSession(token));
        HttpResponse<String> response = send(request(method, path, body, session));
        if (response.statusCode() == 401) {
            sessions.remove(key, session);
            session = newSession(token);
            sessions.put(key, session);
            response = send(request(method, path, body, session));
        }
        response.headers().firstValue(SESSION_HEADER).ifPresent(renewed -> sessions.put(key, renewed));
        return answer(response);
    }

    private HttpRequest request(String method, String path, JsonNode body, String session) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header(SESSION_HEADER, session)
                .header("X-Server-Protocol-Version", "3")
                .header("Content-Type", "application/json;charset=UTF8")
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    private String newSession(ServerToken token) {
        String url = baseUrl + "/session";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Authorization", oauthHeader(token, url))
                .header("Accept", "application/json")
                .GET().build();
        return required(answer(send(request)), "auth_session_token");
    }

    /** The OAuth 1.0a header of {@code GET url}: HMAC-SHA1 over the request, realm ADM (not signed). */
    static String oauthHeader(ServerToken token, String url) {
        try (OAuth10aService service = new ServiceBuilder(token.consumerKey()).apiSecret(token.consumerSecret())
                .build(APPLE)) {
            OAuthRequest request = new OAuthRequest(Verb.GET, url);
            request.setRealm("ADM");
            service.signRequest(new OAuth1AccessToken(token.accessToken(), token.accessSecret()), request);
            return request.getHeaders().get("Authorization");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeviceAssignmentException(0, "UNREACHABLE",
                    "Apple's device assignment service could not be reached: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceAssignmentException(0, "INTERRUPTED", "Interrupted while calling Apple", false);
        }
    }

    /**
     * The JSON of a 2xx answer. Apple refuses with 4xx and a code as the body (plain, e.g.
     * {@code T_C_NOT_SIGNED}, or JSON with {@code code}); 5xx means Apple failed, not refused.
     */
    private static JsonNode answer(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                JsonNode json = JSON.readTree(response.body());
                return json == null ? JSON.createObjectNode() : json;
            } catch (IOException e) {
                throw new DeviceAssignmentException(status, "INVALID_ANSWER",
                        "Apple's device assignment service answered something that is not JSON", false);
            }
        }
        String code = errorCode(response.body(), status);
        throw new DeviceAssignmentException(status, code, "Apple's device assignment service answered "
                + status + " " + code + " to " + response.request().method() + " " + response.request().uri().getPath(),
                status < 500);
    }

    private static String errorCode(String body, int status) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null && json.isObject()) {
                for (String field : new String[]{"code", "error_code", "error"}) {
                    if (APPLE_CODE.matcher(json.path(field).asText("")).matches()) {
                        return json.path(field).asText();
                    }
                }
            }
        } catch (IOException notJson) {
            // Apple usually answers the bare code
        }
        return APPLE_CODE.matcher(text).matches() ? text : "HTTP_" + status;
    }

    private static String required(JsonNode answer, String field) {
        String value = text(answer, field);
        if (value == null || value.isBlank()) {
            throw new DeviceAssignmentException(200, "INVALID_ANSWER",
                    "Apple's device assignment service answered without " + field, false);
        }
        return value;
    }

    /** Apple's times are ISO 8601 (2013-12-04T03:13:44Z); one that is not is left unknown, not fatal. */
    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
