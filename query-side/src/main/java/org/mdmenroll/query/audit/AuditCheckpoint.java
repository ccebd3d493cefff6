package org.mdmenroll.query.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A signed tree head of a tenant's audit trail: the record at {@code position} had {@code headHash}
 * when the query side signed this at {@code signedAt}. Checkpoints chain as records do
 * ({@code previousCheckpointHash} is the hash of the tenant's checkpoint before, or 64 zeros), and
 * each is signed with Ed25519 by the key {@code keyId} names (SHA-256 of its SubjectPublicKeyInfo).
 * <p>
 * What is signed and hashed is {@link #signedText()}, six lines an offline verifier (or openssl)
 * rebuilds from an export's checkpoint line.
 */
public record AuditCheckpoint(UUID tenantId, long position, String headHash, Instant signedAt,
                              String previousCheckpointHash, String hash, String keyId, String signature) {

    public static final String ALGORITHM = "Ed25519";
    /** The first line of every signed text: names the format, so no other signed text reads as a checkpoint. */
    public static final String FORMAT = "mdmenroll-audit-checkpoint-v1";

    /** The text the signature and the hash are over (UTF-8, each line ending with a newline). */
    public static String signedText(UUID tenantId, long position, String headHash, Instant signedAt,
                                    String previousCheckpointHash) {
        return FORMAT + "\n"
                + "tenant:" + tenantId + "\n"
                + "position:" + position + "\n"
                + "head:" + headHash + "\n"
                + "signedAt:" + signedAt + "\n"
                + "previous:" + previousCheckpointHash + "\n";
    }

    public String signedText() {
        return signedText(tenantId, position, headHash, signedAt, previousCheckpointHash);
    }

    public String computeHash() {
        return sha256(signedText());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
