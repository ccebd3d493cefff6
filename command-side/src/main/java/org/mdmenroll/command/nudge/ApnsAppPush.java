package org.mdmenroll.command.nudge;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.eatthepath.pushy.apns.util.TokenUtil;
import jakarta.annotation.PreDestroy;
import org.mdmenroll.command.nudge.AppPushConfigurations.ApnsSettings;
import org.mdmenroll.command.nudge.PushGateway.Nudge;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.command.tenant.AppPushCredentials;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.net.ssl.SSLException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Alert pushes to the enrollment app through Pushy with APNs token-based auth (the tenant's .p8
 * key signs the provider tokens; Pushy renews them). One client per tenant, rebuilt when the
 * tenant's settings change. APNs' BadDeviceToken, Unregistered and ExpiredToken mean the token is
 * gone for good; every other rejection, and no answer, is worth another try.
 */
@Component
public class ApnsAppPush {

    private static final Logger log = LoggerFactory.getLogger(ApnsAppPush.class);
    private static final Set<String> INVALID_TOKEN_REASONS = Set.of("BadDeviceToken", "Unregistered", "ExpiredToken");

    private final SecretBox secrets;
    private final String hostOverride;
    private final int port;
    private final X509Certificate[] trustedServerCertificates;
    private final Duration timeout;
    private final Map<TenantId, TenantClient> clients = new ConcurrentHashMap<>();

    private record TenantClient(int settingsVersion, ApnsClient client) {
    }

    public ApnsAppPush(SecretBox secrets,
            @Value("${mdm.app-push.apns.host:}") String hostOverride,
            @Value("${mdm.app-push.apns.port:" + ApnsClientBuilder.DEFAULT_APNS_PORT + "}") int port,
            @Value("${mdm.app-push.apns.trusted-server-certificate:}") String trustedServerCertificate,
            @Value("${mdm.app-push.timeout:PT20S}") Duration timeout) {
        this.secrets = secrets;
        this.hostOverride = hostOverride;
        this.port = port;
        this.trustedServerCertificates = trustedServerCertificate.isBlank() ? null
                : readCertificates(trustedServerCertificate);
        this.timeout = timeout;
    }

    Outcome send(TenantId tenantId, ApnsSettings settings, String deviceToken, Nudge nudge) {
        String payload = new SimpleApnsPayloadBuilder()
                .setAlertTitle(nudge.title())
                .setAlertBody(nudge.body())
                .setSound("default")
                .addCustomProperty("type", "enrollment-nudge")
                .addCustomProperty("deviceId", nudge.deviceId().toString())
                .addCustomProperty("attempt", nudge.attempt())
                .build();
        SimpleApnsPushNotification notification = new SimpleApnsPushNotification(
                TokenUtil.sanitizeTokenString(deviceToken), settings.topic(), payload, nudge.expiresAt(),
                DeliveryPriority.IMMEDIATE, PushType.ALERT);
        try {
            PushNotificationResponse<SimpleApnsPushNotification> response = client(tenantId, settings)
                    .sendNotification(notification).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.isAccepted()) {
                return Outcome.delivered("apns-id " + response.getApnsId());
            }
            String reason = response.getRejectionReason().orElse("status " + response.getStatusCode());
            if (INVALID_TOKEN_REASONS.contains(reason)) {
                return Outcome.invalidToken(reason);
            }
            log.warn("APNs rejected the enrollment nudge to {} (tenant {}): {}", nudge.deviceId(), tenantId, reason);
            return Outcome.transientFailure("APNs rejected the push: " + reason);
        } catch (ExecutionException | TimeoutException | SSLException | Refusal e) {
            log.warn("Enrollment nudge to {} (tenant {}) not delivered: {}", nudge.deviceId(), tenantId,
                    e.getClass().getSimpleName());
            return Outcome.transientFailure("APNs could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.transientFailure("Interrupted while pushing.");
        }
    }

    /** The tenant's client for its current settings; a client for older settings is closed. */
    private ApnsClient client(TenantId tenantId, ApnsSettings settings) throws SSLException {
        int version = Objects.hash(settings.keyId(), settings.teamId(), settings.environment(), settings.sealedSigningKey());
        TenantClient current = clients.get(tenantId);
        if (current != null && current.settingsVersion() == version) {
            return current.client();
        }
        synchronized (clients) {
            current = clients.get(tenantId);
            if (current != null && current.settingsVersion() == version) {
                return current.client();
            }
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(host(settings.environment()), port)
                    .setSigningKey(AppPushCredentials.signingKey(
                            secrets.open(SecretPurpose.APP_PUSH_APNS_SIGNING_KEY, settings.sealedSigningKey()),
                            settings.teamId(), settings.keyId()));
            if (trustedServerCertificates != null) {
                builder.setTrustedServerCertificateChain(trustedServerCertificates);
            }
            ApnsClient client = builder.build();
            clients.put(tenantId, new TenantClient(version, client));
            if (current != null) {
                current.client().close();
            }
            return client;
        }
    }

    private String host(ApnsAppPushConfigured.Environment environment) {
        if (!hostOverride.isBlank()) {
            return hostOverride;
        }
        return environment == ApnsAppPushConfigured.Environment.SANDBOX
                ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST : ApnsClientBuilder.PRODUCTION_APNS_HOST;
    }

    /** PEM text, or a path to a PEM file. */
    private static X509Certificate[] readCertificates(String pemOrPath) {
        try {
            byte[] pem = pemOrPath.contains("-----BEGIN") ? pemOrPath.getBytes(StandardCharsets.US_ASCII)
                    : Files.readAllBytes(Path.of(pemOrPath));
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
                    .toArray(X509Certificate[]::new);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read mdm.app-push.apns.trusted-server-certificate", e);
        }
    }

    @PreDestroy
    void close() {
        clients.values().forEach(tenantClient -> tenantClient.client().close());
        clients.clear();
    }
}
