package org.mdmenroll.command.nudge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import org.mdmenroll.command.nudge.AppPushConfigurations.FcmSettings;
import org.mdmenroll.command.nudge.PushGateway.Nudge;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.command.tenant.AppPushCredentials;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notifications to the Android enrollment app through FCM HTTP v1:
 * {@code POST {base}/v1/projects/{project}/messages:send} with a Bearer access token that
 * google-auth-library gets for the tenant's service account (scope firebase.messaging) and renews
 * before it expires. FCM's 404 (UNREGISTERED) and 400 (INVALID_ARGUMENT: not a valid registration
 * token) mean the token is gone for good; 401/403, 429, 5xx and no answer are worth another try.
 */
@Component
public class FcmAppPush {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final Logger log = LoggerFactory.getLogger(FcmAppPush.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox secrets;
    private final Clock clock;
    private final String baseUrl;
    private final String tokenUriOverride;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<TenantId, TenantCredentials> credentials = new ConcurrentHashMap<>();

    private record TenantCredentials(int settingsVersion, GoogleCredentials credentials) {
    }

    public FcmAppPush(SecretBox secrets, Clock clock,
            @Value("${mdm.app-push.fcm.base-url:https://fcm.googleapis.com}") String baseUrl,
            @Value("${mdm.app-push.fcm.token-uri:}") String tokenUriOverride,
            @Value("${mdm.app-push.timeout:PT20S}") Duration timeout) {
        this.secrets = secrets;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.tokenUriOverride = tokenUriOverride;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Outcome send(TenantId tenantId, FcmSettings settings, String registrationToken, Nudge nudge) {
        return post(tenantId, settings, message(registrationToken, nudge), nudge.deviceId(), "Enrollment nudge");
    }

    /**
     * A data-only message that wakes the Android agent to fetch its commands: nothing is shown to the
     * user, high priority so a dozing device delivers it, worth delivering for {@code ttl}.
     */
    Outcome wakeAgent(TenantId tenantId, FcmSettings settings, String registrationToken, DeviceId deviceId,
            Duration ttl) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", registrationToken);
        message.putObject("data").put("type", "fetch-commands").put("deviceId", deviceId.toString());
        message.putObject("android").put("priority", "HIGH").put("ttl", ttl.toSeconds() + "s");
        return post(tenantId, settings, root.toString(), deviceId, "Agent wake-up");
    }

    private Outcome post(TenantId tenantId, FcmSettings settings, String json, DeviceId deviceId, String what) {
        String accessToken;
        try {
            accessToken = accessToken(tenantId, settings);
        } catch (IOException | RuntimeException e) {
            log.warn("No FCM access token for tenant {}: {}", tenantId, e.getClass().getSimpleName());
            return Outcome.transientFailure("fcm-auth-failed: no access token for the service account ("
                    + e.getClass().getSimpleName() + ")");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/projects/" + settings.projectId()
                        + "/messages:send"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.warn("{} to {} (tenant {}) not delivered: {}", what, deviceId, tenantId, e.getClass().getSimpleName());
            return Outcome.transientFailure("FCM could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("Interrupted while pushing.");
        }
        JsonNode body = readJson(response.body());
        int status = response.statusCode();
        if (status == 200) {
            return Outcome.delivered(body.path("name").asText("fcm message"));
        }
        String error = errorCode(body);
        if (status == 404 || "UNREGISTERED".equals(error) || status == 400 && "INVALID_ARGUMENT".equals(error)) {
            return Outcome.invalidToken(error.isEmpty() ? "HTTP " + status : error);
        }
        if (status == 401) {
            credentials.remove(tenantId);
        }
        log.warn("FCM refused the {} to {} (tenant {}): HTTP {} {}", what.toLowerCase(java.util.Locale.ROOT), deviceId,
                tenantId, status, error);
        return Outcome.transientFailure("FCM answered HTTP " + status + (error.isEmpty() ? "" : " " + error));
    }

    /** An FCM v1 message: a notification the system shows, data the app reads, high priority, no use after expiry. */
    private String message(String registrationToken, Nudge nudge) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", registrationToken);
        message.putObject("notification").put("title", nudge.title()).put("body", nudge.body());
        message.putObject("data").put("type", "enrollment-nudge").put("deviceId", nudge.deviceId().toString())
                .put("attempt", String.valueOf(nudge.attempt()));
        long ttlSeconds = Math.max(0, Duration.between(clock.instant(), nudge.expiresAt()).toSeconds());
        message.putObject("android").put("priority", "HIGH").put("ttl", ttlSeconds + "s");
        return root.toString();
    }

    /** FCM's errorCode from the error details, else the error's status (e.g. UNREGISTERED, INVALID_ARGUMENT). */
    private static String errorCode(JsonNode body) {
        JsonNode error = body.path("error");
        for (JsonNode detail : error.path("details")) {
            if (detail.hasNonNull("errorCode")) {
                return detail.path("errorCode").asText();
            }
        }
        return error.path("status").asText("");
    }

    private static JsonNode readJson(String text) {
        try {
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The tenant's credentials for its current settings; google-auth-library keeps the token until it nears expiry. */
    private String accessToken(TenantId tenantId, FcmSettings settings) throws IOException {
        int version = Objects.hash(settings.projectId(), settings.sealedServiceAccount());
        TenantCredentials current = credentials.compute(tenantId, (id, known) ->
                known != null && known.settingsVersion() == version ? known
                        : new TenantCredentials(version, scoped(settings)));
        GoogleCredentials scoped = current.credentials();
        synchronized (scoped) {
            scoped.refreshIfExpired();
            return scoped.getAccessToken().getTokenValue();
        }
    }

    private GoogleCredentials scoped(FcmSettings settings) {
        ServiceAccountCredentials account;
        try {
            account = AppPushCredentials.serviceAccount(
                    secrets.open(SecretPurpose.APP_PUSH_FCM_SERVICE_ACCOUNT, settings.sealedServiceAccount()));
        } catch (Refusal unreadable) {
            throw new IllegalStateException("The stored service account no longer reads");
        }
        if (!tokenUriOverride.isBlank()) {
            account = account.toBuilder().setTokenServerUri(URI.create(tokenUriOverride)).build();
        }
        return account.createScoped(List.of(SCOPE));
    }
}
