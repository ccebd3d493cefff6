package org.mdmenroll.query.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON Lines audit export offline, with only the JDK and the query side's public key
 * (README "Audit checkpoints"): every record hashes to its hash and chains to the one before from
 * the genesis, every checkpoint is signed by the key and chains to the one before, the record at
 * each checkpoint's position holds the hash it signed, the last checkpoint covers the last record
 * and the closing line is there (nothing cut from the end), and, given an earlier export, this one
 * holds that export's last checkpoint (it extends it).
 * <p>
 * This file depends on nothing but the JDK, so it runs on its own:
 * {@code java AuditExportVerifier.java audit.jsonl audit-signing-key.pem [earlier.jsonl]}, or from
 * the query side's jar with Spring Boot's PropertiesLauncher. Exit code 0: valid; 1: not valid (the
 * message says where it broke); 2: the arguments or files could not be read.
 */
public final class AuditExportVerifier {

    static final String GENESIS = "0".repeat(64);
    private static final String[] HASHED = {"tenantId", "position", "eventId", "occurredAt", "actorType", "actor",
            "action", "summary", "targetType", "targetId", "deviceId", "userId", "result", "requestId", "cause",
            "details", "previousHash"};

    /** What the verifier concluded: valid or not, and in one sentence why. */
    public record Outcome(boolean valid, String message) {
    }

    private AuditExportVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the verifier as the command line does; answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || args.length > 3) {
            err.println("usage: AuditExportVerifier <export.jsonl> <audit-signing-key.pem> [<earlier-export.jsonl>]");
            return 2;
        }
        try {
            PublicKey key = publicKey(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
            Outcome outcome = verify(Path.of(args[0]), key, args.length == 3 ? Path.of(args[2]) : null);
            (outcome.valid() ? out : err).println((outcome.valid() ? "VALID: " : "NOT VALID: ") + outcome.message());
            return outcome.valid() ? 0 : 1;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            err.println("cannot verify: " + e);
            return 2;
        }
    }

    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").strip();
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
    }

    /** Verifies {@code export}; with {@code earlier}, also that it extends the earlier export's last checkpoint. */
    public static Outcome verify(Path export, PublicKey key, Path earlier) throws IOException {
        String keyId = HexFormat.of().formatHex(sha256(key.getEncoded()));
        // pass 1: the trailer (checkpoints and the closing line), so the records can stream in pass 2
        Trailer trailer;
        try {
            trailer = trailer(export);
        } catch (Broken broken) {
            return new Outcome(false, broken.getMessage());
        }
        if (trailer.end == null) {
            return new Outcome(false, "the export has no closing line ({\"type\":\"export\"}) as its last line: "
                    + "it was cut off or is not an audit export");
        }
        if (!"mdmenroll-audit-export-v1".equals(trailer.end.get("format"))) {
            return new Outcome(false, "the closing line names an unknown format " + trailer.end.get("format"));
        }
        if (!"true".equals(trailer.end.get("chainVerifiable"))) {
            return new Outcome(false, "the export says its chain cannot be verified: " + trailer.end.get("note"));
        }
        String tenant = trailer.end.get("tenantId");
        // the checkpoint chain
        Map<Long, String> signedHeads = new HashMap<>();
        String previous = GENESIS;
        Map<String, String> last = null;
        for (Map<String, String> checkpoint : trailer.checkpoints) {
            String where = "checkpoint at position " + checkpoint.get("position");
            if (!tenant.equals(checkpoint.get("tenantId"))) {
                return new Outcome(false, where + " is another tenant's");
            }
            if (!previous.equals(checkpoint.get("previousCheckpointHash"))) {
                return new Outcome(false, where + " does not chain to the checkpoint before it");
            }
            String text = signedText(checkpoint);
            if (!HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8))).equals(checkpoint.get("hash"))) {
                return new Outcome(false, where + ": its hash is not the hash of its content (edited)");
            }
            if (!keyId.equals(checkpoint.get("keyId"))) {
                return new Outcome(false, where + " is signed by key " + checkpoint.get("keyId") + ", not by "
                        + keyId + " (the key given)");
            }
            if (!signatureHolds(key, text, checkpoint.get("signature"))) {
                return new Outcome(false, where + ": the signature does not verify with the key given");
            }
            signedHeads.put(Long.parseLong(checkpoint.get("position")), checkpoint.get("headHash"));
            previous = checkpoint.get("hash");
            last = checkpoint;
        }
        if (last == null) {
            return new Outcome(false, "the export carries no checkpoint");
        }
        // pass 2: the records
        long expected = 1;
        String previousHash = GENESIS;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, String> fields = Json.object(line, number);
                if (!"record".equals(fields.get("type"))) {
                    break;
                }
                String where = "line " + number + " (position " + fields.get("position") + ")";
                if (!tenant.equals(fields.get("tenantId"))) {
                    return new Outcome(false, where + " is another tenant's record");
                }
                if (fields.get("position") == null || Long.parseLong(fields.get("position")) != expected) {
                    return new Outcome(false, where + ": expected position " + expected
                            + " (a record was removed, added or reordered)");
                }
                if (!previousHash.equals(fields.get("previousHash"))) {
                    return new Outcome(false, where + " does not chain to the record before it");
                }
                if (!recordHash(fields).equals(fields.get("hash"))) {
                    return new Outcome(false, where + ": the record's content does not hash to its hash (edited)");
                }
                String signed = signedHeads.get(expected);
                if (signed != null && !signed.equals(fields.get("hash"))) {
                    return new Outcome(false, where + " is not the record the checkpoint at that position signed "
                            + "(the trail was rewritten)");
                }
                previousHash = fields.get("hash");
                expected++;
            }
        } catch (Broken broken) {
            return new Outcome(false, broken.getMessage());
        }
        long lastPosition = expected - 1;
        long covered = Long.parseLong(last.get("position"));
        if (covered != lastPosition) {
            return new Outcome(false, "the last checkpoint is at position " + covered + " but the records end at "
                    + lastPosition + (covered > lastPosition ? " (records were cut from the end)" : " (records were added)"));
        }
        if (!String.valueOf(lastPosition).equals(trailer.end.get("lastPosition"))) {
            return new Outcome(false, "the closing line says the records end at " + trailer.end.get("lastPosition")
                    + ", they end at " + lastPosition);
        }
        String extended = "";
        if (earlier != null) {
            Map<String, String> before;
            try {
                List<Map<String, String>> earlierCheckpoints = trailer(earlier).checkpoints;
                if (earlierCheckpoints.isEmpty()) {
                    return new Outcome(false, "the earlier export carries no checkpoint");
                }
                before = earlierCheckpoints.get(earlierCheckpoints.size() - 1);
            } catch (Broken broken) {
                return new Outcome(false, "the earlier export: " + broken.getMessage());
            }
            if (!signatureHolds(key, signedText(before), before.get("signature"))) {
                return new Outcome(false, "the earlier export's last checkpoint is not signed by the key given");
            }
            boolean held = trailer.checkpoints.stream().anyMatch(c -> c.get("hash").equals(before.get("hash"))
                    && c.get("position").equals(before.get("position")));
            if (!held) {
                return new Outcome(false, "the export does not extend the earlier export: its checkpoint at position "
                        + before.get("position") + " (" + before.get("hash") + ") is not in this export's chain");
            }
            extended = "; it extends the earlier export's checkpoint at position " + before.get("position");
        }
        return new Outcome(true, lastPosition + " records of tenant " + tenant + ", chained and covered by "
                + trailer.checkpoints.size() + " signed checkpoints up to position " + covered + " signed at "
                + last.get("signedAt") + " by key " + keyId + extended);
    }

    /** The checkpoints and closing line after the records; a record after them, or anything after the closing line, is refused. */
    private static Trailer trailer(Path export) throws IOException {
        Trailer trailer = new Trailer();
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            boolean inTrailer = false;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (trailer.end != null) {
                    throw new Broken("line " + number + " follows the closing line");
                }
                Map<String, String> fields = Json.object(line, number);
                String type = fields.get("type");
                if ("record".equals(type)) {
                    if (inTrailer) {
                        throw new Broken("line " + number + ": a record after the checkpoints");
                    }
                } else if ("checkpoint".equals(type)) {
                    inTrailer = true;
                    trailer.checkpoints.add(fields);
                } else if ("export".equals(type)) {
                    trailer.end = fields;
                } else {
                    throw new Broken("line " + number + " is neither a record, a checkpoint nor the closing line");
                }
            }
        }
        return trailer;
    }

    private static final class Trailer {
        private final List<Map<String, String>> checkpoints = new ArrayList<>();
        private Map<String, String> end;
    }

    /** The text a checkpoint's signature and hash are over, as {@code AuditCheckpoint.signedText} writes it. */
    static String signedText(Map<String, String> c) {
        return "mdmenroll-audit-checkpoint-v1\n"
                + "tenant:" + c.get("tenantId") + "\n"
                + "position:" + c.get("position") + "\n"
                + "head:" + c.get("headHash") + "\n"
                + "signedAt:" + c.get("signedAt") + "\n"
                + "previous:" + c.get("previousCheckpointHash") + "\n";
    }

    /** SHA-256 over every hashed field written as its length and value (or - for none), as {@code AuditRecord.computeHash}. */
    static String recordHash(Map<String, String> fields) {
        StringBuilder canonical = new StringBuilder();
        for (String name : HASHED) {
            String text = fields.get(name);
            canonical.append(text == null ? "-" : text.length() + ":" + text).append(';');
        }
        return HexFormat.of().formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean signatureHolds(PublicKey key, String text, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return signature != null && verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message);
        }
    }

    /**
     * Just enough JSON for an export line: one flat object whose values are strings, numbers,
     * booleans or null; each value answered as text (numbers and booleans as written, null as null).
     */
    static final class Json {
        private final String text;
        private final long line;
        private int at;

        private Json(String text, long line) {
            this.text = text;
            this.line = line;
        }

        static Map<String, String> object(String text, long line) {
            Json json = new Json(text, line);
            Map<String, String> fields = json.parseObject();
            json.skipSpace();
            if (json.at != text.length()) {
                throw json.broken("text after the object");
            }
            return fields;
        }

        private Map<String, String> parseObject() {
            Map<String, String> fields = new LinkedHashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
                return fields;
            }
            while (true) {
                skipSpace();
                String name = parseString();
                skipSpace();
                expect(':');
                skipSpace();
                if (fields.containsKey(name)) {
                    throw broken("the field " + name + " twice");
                }
                fields.put(name, parseValue());
                skipSpace();
                char next = next();
                if (next == '}') {
                    return fields;
                }
                if (next != ',') {
                    throw broken("expected , or }");
                }
            }
        }

        private String parseValue() {
            char c = peek();
            if (c == '"') {
                return parseString();
            }
            int start = at;
            while (at < text.length() && ",} \t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String literal = text.substring(start, at);
            if (literal.equals("null")) {
                return null;
            }
            if (literal.equals("true") || literal.equals("false") || literal.matches("-?[0-9]+")) {
                return literal;
            }
            throw broken("an unexpected value " + literal);
        }

        private String parseString() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw broken("a cut \\u escape");
                        }
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw broken("an unknown escape \\" + escaped);
                }
            }
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private char peek() {
            if (at >= text.length()) {
                throw broken("the line ends early");
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw broken("expected " + c);
            }
        }

        private Broken broken(String what) {
            return new Broken("line " + line + " is not an export line: " + what + " at column " + (at + 1));
        }
    }
}
