package org.mdmenroll.command.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.problem.Refusal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;

/**
 * Bouncy Castle and parsing work for the tokens Apple hands out: the tenant's ADE key pair and its
 * self-signed certificate (what Apple Business Manager encrypts server tokens to), decrypting the
 * {@code .p7m} it sends back (S/MIME or raw DER CMS EnvelopedData around a MESSAGE block of JSON),
 * and reading a {@code .vpptoken} (base64 of JSON). Anything malformed is a 400.
 */
final class AppleTokenFiles {

    static final String BEGIN_MESSAGE = "-----BEGIN MESSAGE-----";
    static final String END_MESSAGE = "-----END MESSAGE-----";
    /** Apple writes VPP expiry dates as {@code 2027-11-22T10:00:00+0000}. */
    private static final DateTimeFormatter APPLE_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AppleTokenFiles() {
    }

    record KeyAndCertificate(String certificatePem, String privateKeyBase64) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** A decrypted ADE server token; {@code json} is the clear MESSAGE block, to be sealed. */
    record AdeServerToken(String consumerKey, String serverName, Instant expiresAt, String json) {
        @Override
        public String toString() {
            return "AdeServerToken[serverName=" + serverName + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A VPP content token; {@code sToken} is the clear file content Apple takes as the sToken, to be sealed. */
    record VppContentToken(String sToken, String orgName, Instant expiresAt) {
        @Override
        public String toString() {
            return "VppContentToken[orgName=" + orgName + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** RSA 2048 and a self-signed certificate for it, valid ten years. */
    static KeyAndCertificate newKeyAndCertificate(String tenantName, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, tenantName + " ADE")
                    .addRDN(BCStyle.O, tenantName).build();
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            return new KeyAndCertificate(Pem.of(certificate),
                    Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make the ADE key pair", e);
        }
    }

    /** Decrypts a {@code .p7m} (S/MIME text, or raw DER CMS) with the tenant's key and reads its MESSAGE block. */
    static AdeServerToken decryptAdeToken(byte[] upload, PrivateKey key) {
        CMSEnvelopedData enveloped;
        try {
            enveloped = new CMSEnvelopedData(cmsBytes(upload));
        } catch (Exception e) {
            throw Refusal.invalid("invalid-ade-token",
                    "The token is not an S/MIME or CMS encrypted file (the .p7m from Apple Business Manager).");
        }
        byte[] content = null;
        for (RecipientInformation recipient : enveloped.getRecipientInfos().getRecipients()) {
            try {
                content = recipient.getContent(new JceKeyTransEnvelopedRecipient(key));
                break;
            } catch (Exception e) {
                // not for our key: try the next recipient
            }
        }
        if (content == null) {
            throw Refusal.invalid("ade-token-wrong-key", "The token is not encrypted to this tenant's public key: "
                    + "upload GET /api/apple/ade/public-key to the MDM server in Apple Business Manager and download "
                    + "its token again.");
        }
        String text = new String(content, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN_MESSAGE);
        int end = begin < 0 ? -1 : text.indexOf(END_MESSAGE, begin);
        if (end < 0) {
            throw invalidAde("The decrypted token has no -----BEGIN MESSAGE----- block.");
        }
        String json = text.substring(begin + BEGIN_MESSAGE.length(), end).strip();
        JsonNode message = readJson(json, "invalid-ade-token");
        String consumerKey = required(message, "consumer_key", "invalid-ade-token");
        for (String field : new String[]{"consumer_secret", "access_token", "access_secret"}) {
            required(message, field, "invalid-ade-token");
        }
        Instant expiresAt = appleTime(required(message, "access_token_expiry", "invalid-ade-token"), "invalid-ade-token");
        String serverName = message.path("server_name").asText("").strip();
        if (serverName.isEmpty()) {
            serverName = consumerKey.substring(0, Math.min(consumerKey.length(), 12));
        }
        return new AdeServerToken(consumerKey, serverName, expiresAt, json);
    }

    /** Reads a {@code .vpptoken}: base64 of {"token", "expDate", "orgName"}. */
    static VppContentToken readVppToken(byte[] upload) {
        String sToken = new String(upload, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(sToken);
        } catch (IllegalArgumentException e) {
            throw invalidVpp("The token is not base64 (the .vpptoken from Apple Business Manager).");
        }
        JsonNode json = readJson(new String(decoded, StandardCharsets.UTF_8), "invalid-vpp-token");
        required(json, "token", "invalid-vpp-token");
        Instant expiresAt = appleTime(required(json, "expDate", "invalid-vpp-token"), "invalid-vpp-token");
        String orgName = json.path("orgName").asText("").strip();
        return new VppContentToken(sToken, orgName.isEmpty() ? null : orgName, expiresAt);
    }

    /** The OAuth credentials in an ADE token's (unsealed) MESSAGE block, to sign with. */
    static DeviceAssignmentClient.ServerToken adeServerToken(String json) {
        JsonNode message = readJson(json, "invalid-ade-token");
        return new DeviceAssignmentClient.ServerToken(required(message, "consumer_key", "invalid-ade-token"),
                required(message, "consumer_secret", "invalid-ade-token"),
                required(message, "access_token", "invalid-ade-token"),
                required(message, "access_secret", "invalid-ade-token"));
    }

    /** DER as is; S/MIME: the headers up to the first blank line are dropped and the body base64-decoded. */
    private static byte[] cmsBytes(byte[] upload) {
        if (upload.length > 0 && upload[0] == 0x30) {
            return upload;
        }
        String text = new String(upload, StandardCharsets.US_ASCII).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String body = blank >= 0 && text.substring(0, blank).contains(":") ? text.substring(blank + 2) : text;
        return Base64.getMimeDecoder().decode(body.strip());
    }

    private static JsonNode readJson(String json, String problem) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return node;
        } catch (IOException e) {
            throw Refusal.invalid(problem, "The token's content is not a JSON object.");
        }
    }

    private static String required(JsonNode json, String field, String problem) {
        String value = json.path(field).asText("").strip();
        if (value.isEmpty()) {
            throw Refusal.invalid(problem, "The token has no " + field + ".");
        }
        return value;
    }

    /** {@code 2027-11-22T10:00:00Z}, {@code 2027-11-22T10:00:00+0000} or {@code +00:00}. */
    static Instant appleTime(String value, String problem) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value, APPLE_OFFSET).toInstant();
            } catch (DateTimeParseException again) {
                throw Refusal.invalid(problem, "The token's expiry '" + value + "' is not a date and time.");
            }
        }
    }

    private static Refusal invalidAde(String detail) {
        return Refusal.invalid("invalid-ade-token", detail);
    }

    private static Refusal invalidVpp(String detail) {
        return Refusal.invalid("invalid-vpp-token", detail);
    }
}
