package org.mdmenroll.support.testing.apple;

import com.eatthepath.pushy.apns.server.AcceptAllPushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.RejectionReason;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pushy's {@link MockApnsServer} as the APNs peer of tests: TLS on localhost with a generated server
 * certificate, client certificates checked against the given CA (MDM pushes) or signed provider
 * tokens checked by a validating handler (app pushes), and every notification it accepted or
 * rejected kept.
 */
public final class MockApns implements AutoCloseable {

    /** A notification the server accepted: the request path's device token, the headers, the payload. */
    public record Received(String deviceToken, Map<String, String> headers, String payload) {
    }

    /** A notification the server rejected, and why (Pushy's RejectionReason, e.g. UNREGISTERED). */
    public record Rejected(String deviceToken, String reason) {
    }

    private final MockApnsServer server;
    private final int port;
    private final String serverCertificatePem;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Rejected> rejected = new CopyOnWriteArrayList<>();

    /** {@code trustedClientCaPem} null: no client certificates (APNs token-based auth). */
    private MockApns(String trustedClientCaPem, PushNotificationHandlerFactory handlerFactory) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        serverCertificatePem = pem.toString();
        MockApnsServerBuilder builder = new MockApnsServerBuilder()
                .setServerCredentials(new X509Certificate[]{certificate}, keys.getPrivate(), null);
        if (trustedClientCaPem != null) {
            builder.setTrustedClientCertificateChain(
                    new ByteArrayInputStream(trustedClientCaPem.getBytes(StandardCharsets.US_ASCII)));
        }
        server = builder
                .setHandlerFactory(handlerFactory)
                .setListener(new MockApnsServerListener() {
                    @Override
                    public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
                        Map<String, String> copy = new TreeMap<>();
                        headers.forEach(header -> copy.put(header.getKey().toString(), header.getValue().toString()));
                        String path = copy.getOrDefault(":path", "");
                        received.add(new Received(path.substring(path.lastIndexOf('/') + 1), copy,
                                payload == null ? "" : payload.toString(StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload,
                            RejectionReason reason, Instant deviceTokenExpiration) {
                        String path = headers.path() == null ? "" : headers.path().toString();
                        rejected.add(new Rejected(path.substring(path.lastIndexOf('/') + 1), reason.name()));
                    }
                })
                .build();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server.start(port).get();
    }

    /** Started on a free port, accepting clients whose certificate the CA (PEM) issued. */
    public static MockApns start(String trustedClientCaPem) {
        try {
            return new MockApns(trustedClientCaPem, new AcceptAllPushNotificationHandlerFactory());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start MockApnsServer", e);
        }
    }

    /**
     * Started on a free port for clients with APNs token-based auth: the handler factory (e.g.
     * Pushy's {@code ValidatingPushNotificationHandlerFactory}) checks their signed tokens, topics
     * and device tokens.
     */
    public static MockApns startWithTokenAuth(PushNotificationHandlerFactory handlerFactory) {
        try {
            return new MockApns(null, handlerFactory);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start MockApnsServer", e);
        }
    }

    /** Points the command side's MDM pushes at this server (its port, trusting its certificate). */
    public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("mdm.apns.host", () -> "localhost");
        registry.add("mdm.apns.port", this::port);
        registry.add("mdm.apns.trusted-server-certificate", this::serverCertificatePem);
    }

    public int port() {
        return port;
    }

    /** The server's certificate, for the client to trust. */
    public String serverCertificatePem() {
        return serverCertificatePem;
    }

    public List<Received> received() {
        return received;
    }

    /** Whether a push whose payload holds {@code text} (a device's PushMagic, say) has arrived. */
    public boolean hasReceived(String text) {
        return received.stream().anyMatch(push -> push.payload().contains(text));
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
