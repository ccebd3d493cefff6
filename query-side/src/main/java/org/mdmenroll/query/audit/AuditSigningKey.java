package org.mdmenroll.query.audit;

import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.mdmenroll.support.database.SqlTimes.utc;

/**
 * The query side's own Ed25519 key that signs audit checkpoints. Made on first need by whichever
 * node needs it first (the table holds one key); the private key is stored only sealed with
 * {@code MDM_SECRETS_KEY} and never logged. The query side starts without that key; signing then
 * answers 409 {@code audit-signing-key-unavailable}. A stored public key that does not match the
 * sealed private key (the table was changed) answers 409 {@code audit-signing-key-mismatch}.
 */
@Component
public class AuditSigningKey {

    private static final Logger log = LoggerFactory.getLogger(AuditSigningKey.class);

    private final JdbcClient jdbc;
    private final String secretsKey;
    private volatile Loaded loaded;

    public AuditSigningKey(JdbcClient jdbc, @Value("${mdm.secrets.key:}") String secretsKey) {
        this.jdbc = jdbc;
        this.secretsKey = secretsKey;
    }

    /** The key as it signs: its id, its public half (and PEM) and the opened private half. */
    record Loaded(String keyId, PublicKey publicKey, String pem, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "AuditSigningKey[" + keyId + "]";
        }
    }

    /** The public key in PEM (SubjectPublicKeyInfo), making the key pair if there is none yet. */
    public String publicKeyPem() {
        return current().pem();
    }

    public String keyId() {
        return current().keyId();
    }

    /** The Ed25519 signature (base64) of {@code text} in UTF-8. */
    String sign(String text) {
        try {
            Signature signer = Signature.getInstance(AuditCheckpoint.ALGORITHM);
            signer.initSign(current().privateKey());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    /**
     * Whether {@code signature} is this key's over {@code text}, as the published public key sees it.
     * The stored public key is trusted only because {@link #current()} checked it against the sealed
     * private key: someone who swaps both in the database cannot seal a key of their own.
     */
    boolean verifies(String keyId, String text, String signature) {
        Loaded key = current();
        if (!key.keyId().equals(keyId)) {
            return false;
        }
        return verifies(key.publicKey(), text, signature);
    }

    static boolean verifies(PublicKey publicKey, String text, String signature) {
        try {
            Signature verifier = Signature.getInstance(AuditCheckpoint.ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Loaded current() {
        Loaded key = loaded;
        if (key == null) {
            synchronized (this) {
                key = loaded;
                if (key == null) {
                    key = load().orElseGet(this::create);
                    loaded = key;
                }
            }
        }
        return key;
    }

    private SecretBox box() {
        if (secretsKey == null || secretsKey.isBlank()) {
            throw Refusal.conflict("audit-signing-key-unavailable", "The query side has no MDM_SECRETS_KEY: it "
                    + "cannot seal or open the key that signs audit checkpoints. Give it the command side's key.");
        }
        return SecretBox.fromBase64Key(secretsKey);
    }

    private Optional<Loaded> load() {
        return jdbc.sql("select key_id, public_key, private_key_sealed from audit_signing_key").query()
                .listOfRows().stream().findFirst().map(this::opened);
    }

    private Loaded opened(Map<String, Object> row) {
        String keyId = ((String) row.get("key_id")).strip();
        String pem = (String) row.get("public_key");
        try {
            KeyFactory keys = KeyFactory.getInstance(AuditCheckpoint.ALGORITHM);
            byte[] spki = fromPem(pem);
            PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(spki));
            PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(box().open(SecretPurpose.AUDIT_SIGNING_KEY,
                            (String) row.get("private_key_sealed")))));
            Loaded key = new Loaded(keyId, publicKey, pem, privateKey);
            String probe = "audit-signing-key-probe:" + keyId;
            if (!keyId.equals(keyIdOf(spki)) || !verifies(publicKey, probe, signWith(privateKey, probe))) {
                log.error("The stored audit signing key {} does not match its sealed private key or its id: "
                        + "audit_signing_key was changed; nothing is signed or verified with it", keyId);
                throw Refusal.conflict("audit-signing-key-mismatch", "The stored audit signing key does not match "
                        + "its sealed private key: the key table was changed. Compare with your copy of the key.");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.error("Cannot read the stored audit signing key {}: {}", keyId, e.toString());
            throw Refusal.conflict("audit-signing-key-mismatch", "The stored audit signing key cannot be read: "
                    + "the key table was changed.");
        }
    }

    private Loaded create() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            String keyId = keyIdOf(spki);
            String sealed = box().seal(SecretPurpose.AUDIT_SIGNING_KEY,
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            int inserted = jdbc.sql("""
                            insert into audit_signing_key (key_id, algorithm, public_key, private_key_sealed, created_at)
                            values (?, ?, ?, ?, ?) on conflict (only_one) do nothing""")
                    .params(keyId, AuditCheckpoint.ALGORITHM, toPem(spki), sealed,
                            utc(Instant.now().truncatedTo(ChronoUnit.MICROS)))
                    .update();
            if (inserted == 1) {
                log.info("Made the audit checkpoint signing key {} (Ed25519; private key sealed)", keyId);
            }
            // another node may have made one first: everyone signs with the stored one
            return load().orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make an Ed25519 key pair", e);
        }
    }

    private static String signWith(PrivateKey key, String text) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(AuditCheckpoint.ALGORITHM);
        signer.initSign(key);
        signer.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    static String keyIdOf(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String toPem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    static byte[] fromPem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "").strip());
    }
}
