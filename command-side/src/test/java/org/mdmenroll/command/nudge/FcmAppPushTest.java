package org.mdmenroll.command.nudge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.nudge.AppPushConfigurations.FcmSettings;
import org.mdmenroll.command.nudge.PushGateway.Nudge;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.command.nudge.PushGateway.Status;
import org.mdmenroll.command.tenant.AppPushCredentials;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.testing.TestPostgres;
import org.mdmenroll.support.testing.apple.AppPushTestKeys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The FCM HTTP v1 adapter against a local HTTP server standing in for Google: the OAuth2 token
 * exchange with a JWT signed by the service account's key, then messages:send with the Bearer
 * token and the message as FCM documents it; FCM's answers mapped to the saga's outcomes. The
 * Android agent's wake-up is a data-only message through the same adapter.
 */
class FcmAppPushTest {

    private static final SecretBox SECRETS = SecretBox.fromBase64Key(TestPostgres.TEST_SECRETS_KEY);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair ACCOUNT_KEY = AppPushTestKeys.rsaKeyPair();
    private static final TenantId TENANT = TenantId.random();
    private static final DeviceId DEVICE = DeviceId.random();
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String REGISTRATION_TOKEN = "fcm-registration-token:APA91bH-0123456789";

    private record Received(String path, Map<String, String> headers, String body) {
    }

    private HttpServer google;
    private String base;
    private final List<Received> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<Received> sends = new CopyOnWriteArrayList<>();
    private volatile int sendStatus = 200;
    private volatile String sendAnswer = "{\"name\":\"projects/acme-enroll/messages/0:1500415314455276%31bd1c9631bd1c96\"}";
    private volatile int tokenStatus = 200;

    @BeforeEach
    void startGoogle() throws IOException {
        google = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        google.createContext("/token", exchange -> {
            tokenRequests.add(read(exchange));
            answer(exchange, tokenStatus, tokenStatus == 200
                    ? "{\"access_token\":\"ya29.local-access-token\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
        });
        google.createContext("/v1/", exchange -> {
            sends.add(read(exchange));
            answer(exchange, sendStatus, sendAnswer);
        });
        google.start();
        base = "http://127.0.0.1:" + google.getAddress().getPort();
    }

    @AfterEach
    void stopGoogle() {
        google.stop(0);
    }

    private FcmAppPush adapter(String tokenUriOverride) {
        return new FcmAppPush(SECRETS, new MutableClock(NOW), base, tokenUriOverride, Duration.ofSeconds(5));
    }

    private FcmSettings settings(String tokenUri) {
        String account = AppPushTestKeys.serviceAccountJson("acme-enroll", ACCOUNT_KEY.getPrivate(), tokenUri);
        return new FcmSettings("acme-enroll", "firebase-adminsdk@acme-enroll.iam.gserviceaccount.com",
                SECRETS.seal(SecretPurpose.APP_PUSH_FCM_SERVICE_ACCOUNT, account));
    }

    private static Nudge nudge(int attempt) {
        return Nudge.of(DEVICE, attempt, NOW.plus(Duration.ofHours(4)));
    }

    @Test
    void aNudgeIsSentWithTheBearerTokenOfTheServiceAccountAndTheDocumentedMessage() throws Exception {
        Outcome outcome = adapter("").send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(2));

        assertThat(outcome.status()).isEqualTo(Status.DELIVERED);
        assertThat(outcome.detail()).startsWith("projects/acme-enroll/messages/");

        // The OAuth2 exchange: a JWT bearer grant, signed RS256 by the service account's key.
        assertThat(tokenRequests).hasSize(1);
        Map<String, String> form = form(tokenRequests.get(0).body());
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo("firebase-adminsdk@acme-enroll.iam.gserviceaccount.com");
        // the audience is Google's token endpoint whatever URI the request goes to, as Google expects
        assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/firebase.messaging");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(ACCOUNT_KEY.getPublic());
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).as("signed by the service account").isTrue();

        // The send: the project's path, the Bearer token, the message.
        assertThat(sends).hasSize(1);
        Received send = sends.get(0);
        assertThat(send.path()).isEqualTo("/v1/projects/acme-enroll/messages:send");
        assertThat(send.headers()).containsEntry("authorization", "Bearer ya29.local-access-token");
        assertThat(send.headers().get("content-type")).startsWith("application/json");
        JsonNode message = JSON.readTree(send.body()).path("message");
        assertThat(message.path("token").asText()).isEqualTo(REGISTRATION_TOKEN);
        assertThat(message.path("notification").path("title").asText()).isEqualTo("Finish enrolling your device");
        assertThat(message.path("notification").path("body").asText()).contains("enrollment app");
        assertThat(message.path("data").path("type").asText()).isEqualTo("enrollment-nudge");
        assertThat(message.path("data").path("deviceId").asText()).isEqualTo(DEVICE.toString());
        assertThat(message.path("data").path("attempt").asText()).as("FCM data values are strings").isEqualTo("2");
        assertThat(message.path("android").path("priority").asText()).isEqualTo("HIGH");
        assertThat(message.path("android").path("ttl").asText()).isEqualTo("14400s");
    }

    /** The agent's wake-up with the entry's push channel and the tenant's FCM settings as given, no database. */
    private FcmAgentWakeUp wakeUp(PushChannel channel, FcmSettings fcmSettings) {
        NudgeLookup lookup = new NudgeLookup() {
            @Override
            public Schedule scheduleOf(TenantId tenantId) {
                throw new UnsupportedOperationException("the wake-up has no schedule");
            }

            @Override
            public Optional<PushChannel> channelOf(DeviceId deviceId) {
                return deviceId.equals(DEVICE) ? Optional.ofNullable(channel) : Optional.empty();
            }
        };
        AppPushConfigurations configurations = new AppPushConfigurations(null) {
            @Override
            public Optional<FcmSettings> fcm(TenantId tenantId) {
                return tenantId.equals(TENANT) ? Optional.ofNullable(fcmSettings) : Optional.empty();
            }
        };
        return new FcmAgentWakeUp(lookup, configurations, adapter(""), SECRETS);
    }

    private static PushChannel fcmChannel() {
        return new PushChannel(PushChannel.Type.FCM, SECRETS.seal(SecretPurpose.APP_PUSH_TOKEN, REGISTRATION_TOKEN));
    }

    @Test
    void theAgentIsWokenByADataOnlyMessageToFetchItsCommands() throws Exception {
        wakeUp(fcmChannel(), settings(base + "/token")).wake(TENANT, DEVICE);

        assertThat(sends).hasSize(1);
        Received send = sends.get(0);
        assertThat(send.path()).isEqualTo("/v1/projects/acme-enroll/messages:send");
        assertThat(send.headers()).containsEntry("authorization", "Bearer ya29.local-access-token");
        JsonNode message = JSON.readTree(send.body()).path("message");
        assertThat(message.path("token").asText()).isEqualTo(REGISTRATION_TOKEN);
        assertThat(message.has("notification")).as("nothing is shown to the user").isFalse();
        assertThat(message.path("data").size()).isEqualTo(2);
        assertThat(message.path("data").path("type").asText()).isEqualTo("fetch-commands");
        assertThat(message.path("data").path("deviceId").asText()).isEqualTo(DEVICE.toString());
        assertThat(message.path("android").path("priority").asText()).as("delivered to a dozing device").isEqualTo("HIGH");
        assertThat(message.path("android").path("ttl").asText()).isEqualTo("900s");
    }

    @Test
    void anAgentThatCannotBeWokenIsRefusedWithWhy() {
        assertThat(wakeUpRefusal(null, settings(base + "/token"))).isEqualTo("no-fcm-token");
        assertThat(wakeUpRefusal(new PushChannel(PushChannel.Type.APNS, "sealed-apns-token"), settings(base + "/token")))
                .isEqualTo("no-fcm-token");
        assertThat(wakeUpRefusal(fcmChannel(), null)).isEqualTo("app-push-not-configured");
        assertThat(sends).isEmpty();

        sendStatus = 404;
        sendAnswer = fcmError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        assertThat(wakeUpRefusal(fcmChannel(), settings(base + "/token"))).isEqualTo("agent-not-woken");
        assertThat(sends).hasSize(1);
    }

    private String wakeUpRefusal(PushChannel channel, FcmSettings fcmSettings) {
        Throwable thrown = catchThrowable(() -> wakeUp(channel, fcmSettings).wake(TENANT, DEVICE));
        assertThat(thrown).isInstanceOf(Refusal.class);
        assertThat(((Refusal) thrown).kind()).isEqualTo(Refusal.Kind.CONFLICT);
        return ((Refusal) thrown).type();
    }

    @Test
    void theAccessTokenIsReusedUntilItExpires() {
        FcmAppPush fcm = adapter("");
        FcmSettings settings = settings(base + "/token");
        fcm.send(TENANT, settings, REGISTRATION_TOKEN, nudge(1));
        fcm.send(TENANT, settings, REGISTRATION_TOKEN, nudge(2));
        assertThat(sends).hasSize(2);
        assertThat(tokenRequests).hasSize(1);
    }

    @Test
    void theConfiguredTokenUriReplacesTheServiceAccountsOwn() {
        Outcome outcome = adapter(base + "/token").send(TENANT, settings("https://oauth2.googleapis.com/token"),
                REGISTRATION_TOKEN, nudge(1));
        assertThat(outcome.status()).isEqualTo(Status.DELIVERED);
        assertThat(tokenRequests).hasSize(1);
    }

    @Test
    void anUnregisteredTokenIsInvalid() {
        sendStatus = 404;
        sendAnswer = fcmError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        Outcome outcome = adapter("").send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(1));
        assertThat(outcome).isEqualTo(Outcome.invalidToken("UNREGISTERED"));
    }

    @Test
    void aTokenFcmCallsNotValidIsInvalid() {
        sendStatus = 400;
        sendAnswer = fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                "The registration token is not a valid FCM registration token");
        Outcome outcome = adapter("").send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(1));
        assertThat(outcome).isEqualTo(Outcome.invalidToken("INVALID_ARGUMENT"));
    }

    @Test
    void anOverloadedOrFailingFcmIsTransient() {
        sendStatus = 503;
        sendAnswer = fcmError(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
        Outcome unavailable = adapter("").send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(1));
        assertThat(unavailable.status()).isEqualTo(Status.TRANSIENT_FAILURE);
        assertThat(unavailable.detail()).contains("503").contains("UNAVAILABLE");

        sendStatus = 429;
        sendAnswer = fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.");
        assertThat(adapter("").send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(1)).status())
                .isEqualTo(Status.TRANSIENT_FAILURE);
    }

    @Test
    void aRefusedTokenExchangeIsTransientAndNothingIsSent() {
        tokenStatus = 400;
        Outcome outcome = adapter("").send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(1));
        assertThat(outcome.status()).isEqualTo(Status.TRANSIENT_FAILURE);
        assertThat(outcome.detail()).startsWith("fcm-auth-failed");
        assertThat(sends).isEmpty();
    }

    @Test
    void anUnreachableFcmIsTransient() {
        FcmAppPush fcm = new FcmAppPush(SECRETS, new MutableClock(NOW), "http://127.0.0.1:1", "",
                Duration.ofSeconds(2));
        Outcome outcome = fcm.send(TENANT, settings(base + "/token"), REGISTRATION_TOKEN, nudge(1));
        assertThat(outcome.status()).isEqualTo(Status.TRANSIENT_FAILURE);
        assertThat(outcome.detail()).doesNotContain(REGISTRATION_TOKEN);
    }

    private static String fcmError(int code, String status, String errorCode, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"" + errorCode + "\"}]}}";
    }

    private static Received read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        return new Received(exchange.getRequestURI().getPath(), headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).forEach(pair ->
                form.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8)));
        return form;
    }
}
