package org.mdmenroll.command.tenant;

import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.ServiceAccountCredentials;
import org.mdmenroll.support.problem.Refusal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * Reads and checks what an admin hands over to reach the tenant's enrollment app: an APNs .p8
 * signing key (PEM PKCS#8, EC P-256, as Apple issues it) and a Firebase service-account JSON. Bad
 * input is a 400 whose detail never repeats the secret.
 */
public final class AppPushCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Apple's key and team ids are ten letters and digits. */
    private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");
    /** The app's bundle id, e.g. com.acme.enroll. */
    private static final Pattern TOPIC = Pattern.compile("(?=.{3,155}$)[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    /** Google Cloud project ids: 6 to 30 lower-case letters, digits and hyphens, starting with a letter. */
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

    private AppPushCredentials() {
    }

    /** The checked APNs settings; the signing key as given (PEM). */
    public record Apns(String keyId, String teamId, String topic, String signingKeyPem) {
        @Override
        public String toString() {
            return "Apns[keyId=" + keyId + ", teamId=" + teamId + ", topic=" + topic + "]";
        }
    }

    /** The checked FCM settings; the service account as given (JSON). */
    public record Fcm(String projectId, String clientEmail, String serviceAccountJson) {
        @Override
        public String toString() {
            return "Fcm[projectId=" + projectId + ", clientEmail=" + clientEmail + "]";
        }
    }

    public static Apns apns(String keyId, String teamId, String topic, String signingKeyPem) {
        String key = strip(keyId).toUpperCase(java.util.Locale.ROOT);
        String team = strip(teamId).toUpperCase(java.util.Locale.ROOT);
        String appTopic = strip(topic);
        if (!APPLE_ID.matcher(key).matches()) {
            throw settings("keyId is the ten letters and digits Apple shows for the key.");
        }
        if (!APPLE_ID.matcher(team).matches()) {
            throw settings("teamId is the ten letters and digits of the Apple developer team.");
        }
        if (!TOPIC.matcher(appTopic).matches()) {
            throw settings("topic is the enrollment app's bundle id, e.g. com.example.enroll.");
        }
        String pem = strip(signingKeyPem);
        signingKey(pem, team, key);
        return new Apns(key, team, appTopic, pem);
    }

    /** The .p8 key as Pushy signs with it; refused unless it is a PKCS#8 EC P-256 private key in PEM. */
    public static ApnsSigningKey signingKey(String pem, String teamId, String keyId) {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----") || !pem.contains("-----END PRIVATE KEY-----")) {
            throw apnsKey("The signing key must be the .p8 file's text: -----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----.");
        }
        ApnsSigningKey key;
        try {
            key = ApnsSigningKey.loadFromInputStream(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)), teamId, keyId);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw apnsKey("The signing key is not a readable PKCS#8 EC private key.");
        }
        if (key.getParams().getCurve().getField().getFieldSize() != 256) {
            throw apnsKey("APNs signs with ES256: the key must be on the P-256 curve.");
        }
        return key;
    }

    /** {@code projectId} may be left out: the service account's own project_id is taken then. */
    public static Fcm fcm(String projectId, String serviceAccountJson) {
        String text = strip(serviceAccountJson);
        JsonNode account;
        try {
            account = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw fcmAccount("The service account is not JSON.");
        }
        if (account == null || !account.isObject() || !"service_account".equals(account.path("type").asText())) {
            throw fcmAccount("The service account must be Firebase's service-account key file (\"type\": \"service_account\").");
        }
        if (account.path("client_email").asText().isBlank() || account.path("private_key").asText().isBlank()) {
            throw fcmAccount("The service account needs its client_email and private_key.");
        }
        ServiceAccountCredentials credentials = serviceAccount(text);
        String project = projectId == null || projectId.isBlank() ? account.path("project_id").asText("") : projectId.strip();
        if (!PROJECT_ID.matcher(project).matches()) {
            throw settings("projectId is the Firebase project's id (6 to 30 lower-case letters, digits and hyphens);"
                    + " give it, or a service account with its project_id.");
        }
        return new Fcm(project, credentials.getClientEmail(), text);
    }

    /** The service account as google-auth-library reads it; refused when its key does not read. */
    public static ServiceAccountCredentials serviceAccount(String json) {
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw fcmAccount("The service account's private key or fields could not be read.");
        }
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    private static Refusal settings(String detail) {
        return Refusal.invalid("invalid-app-push-settings", detail);
    }

    private static Refusal apnsKey(String detail) {
        return Refusal.invalid("invalid-apns-signing-key", detail);
    }

    private static Refusal fcmAccount(String detail) {
        return Refusal.invalid("invalid-fcm-service-account", detail);
    }
}
