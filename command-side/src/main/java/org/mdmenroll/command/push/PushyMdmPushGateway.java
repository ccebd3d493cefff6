package org.mdmenroll.command.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.mdmenroll.command.credential.PushCertificateFiles;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * MDM pushes through Pushy: TLS client authentication with the tenant's MDM push certificate, topic
 * = the certificate's UID, payload exactly {@code {"mdm":"<PushMagic>"}}, push type {@code mdm} and
 * an expiry so a device that is offline still gets it when it comes back. One client per tenant and
 * certificate; a renewed certificate gets a new client. An expired certificate sends nothing.
 */
@Component
public class PushyMdmPushGateway implements MdmPushGateway {

    private static final Logger log = LoggerFactory.getLogger(PushyMdmPushGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PushCertificates certificates;
    private final SecretBox secrets;
    private final Clock clock;
    private final String host;
    private final int port;
    private final X509Certificate[] trustedServerCertificates;
    private final Duration expiration;
    private final Duration timeout;
    private final Map<String, ApnsClient> clients = new ConcurrentHashMap<>();

    public PushyMdmPushGateway(PushCertificates certificates, SecretBox secrets, Clock clock,
            @Value("${mdm.apns.host:" + ApnsClientBuilder.PRODUCTION_APNS_HOST + "}") String host,
            @Value("${mdm.apns.port:" + ApnsClientBuilder.DEFAULT_APNS_PORT + "}") int port,
            @Value("${mdm.apns.trusted-server-certificate:}") String trustedServerCertificate,
            @Value("${mdm.apns.expiration:P3D}") Duration expiration,
            @Value("${mdm.apns.timeout:PT20S}") Duration timeout) {
        this.certificates = certificates;
        this.secrets = secrets;
        this.clock = clock;
        this.host = host;
        this.port = port;
        this.trustedServerCertificates = trustedServerCertificate.isBlank() ? null : readCertificates(trustedServerCertificate);
        this.expiration = expiration;
        this.timeout = timeout;
    }

    @Override
    public Outcome push(TenantId tenantId, Target target) {
        PushCertificates.Installed installed = certificates.installed(tenantId).orElse(null);
        if (installed == null) {
            return new Failed("no-push-certificate", "The tenant has no MDM push certificate.");
        }
        if (installed.expired() || !clock.instant().isBefore(installed.expiresAt())) {
            return new Failed("push-certificate-expired", "The MDM push certificate expired at " + installed.expiresAt()
                    + "; renew it with the same Apple ID to reach the tenant's devices again.");
        }
        if (installed.sealedPrivateKey() == null) {
            return new Failed("no-push-certificate", "The push certificate's private key is not known to this server.");
        }
        String payload;
        try {
            payload = JSON.writeValueAsString(Map.of("mdm", target.pushMagic()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SimpleApnsPushNotification notification = new SimpleApnsPushNotification(target.deviceTokenHex(),
                installed.topic(), payload, clock.instant().plus(expiration), DeliveryPriority.IMMEDIATE, PushType.MDM);
        try {
            PushNotificationResponse<SimpleApnsPushNotification> response = client(tenantId, installed)
                    .sendNotification(notification).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.isAccepted()) {
                return new Sent(response.getApnsId().toString());
            }
            return new Failed("apns-rejected", "APNs rejected the push: "
                    + response.getRejectionReason().orElse("status " + response.getStatusCode()));
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MDM push for tenant {} not delivered: {}", tenantId, e.toString());
            return new Failed("apns-unreachable", "APNs could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("apns-unreachable", "Interrupted while pushing.");
        }
    }

    private ApnsClient client(TenantId tenantId, PushCertificates.Installed installed) {
        String key = tenantId + "|" + Integer.toHexString(installed.certificatePem().hashCode());
        clients.entrySet().removeIf(other -> {
            boolean stale = other.getKey().startsWith(tenantId + "|") && !other.getKey().equals(key);
            if (stale) {
                other.getValue().close();
            }
            return stale;
        });
        return clients.computeIfAbsent(key, k -> {
            try {
                X509Certificate certificate = readCertificates(installed.certificatePem())[0];
                PrivateKey privateKey = PushCertificateFiles.privateKey(
                        secrets.open(SecretPurpose.PUSH_CERTIFICATE_KEY, installed.sealedPrivateKey()));
                ApnsClientBuilder builder = new ApnsClientBuilder().setApnsServer(host, port)
                        .setClientCredentials(certificate, privateKey, null);
                if (trustedServerCertificates != null) {
                    builder.setTrustedServerCertificateChain(trustedServerCertificates);
                }
                return builder.build();
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalStateException("Cannot build an APNs client for tenant " + tenantId, e);
            }
        });
    }

    /** PEM text, or a path to a PEM file. */
    private static X509Certificate[] readCertificates(String pemOrPath) {
        try {
            byte[] pem = pemOrPath.contains("-----BEGIN") ? pemOrPath.getBytes(StandardCharsets.US_ASCII)
                    : Files.readAllBytes(Path.of(pemOrPath));
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
                    .toArray(X509Certificate[]::new);
        } catch (CertificateException | java.io.IOException e) {
            throw new IllegalStateException("Cannot read certificate(s) from " + (pemOrPath.length() > 80 ? "PEM" : pemOrPath), e);
        }
    }

    @PreDestroy
    void close() {
        clients.values().forEach(ApnsClient::close);
        clients.clear();
    }
}
