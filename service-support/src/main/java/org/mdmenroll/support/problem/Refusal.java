package org.mdmenroll.support.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error type of both services: a request the system refuses, with a stable problem type.
 * {@link ProblemAdvice} turns it into RFC 9457 {@code application/problem+json}.
 */
public class Refusal extends RuntimeException {

    /** Why the request is refused, independent of the transport that carried it. */
    public enum Kind {
        INVALID(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), GONE(410),
        PAYLOAD_TOO_LARGE(413), LOCKED(423), BAD_GATEWAY(502), SERVICE_UNAVAILABLE(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /**
     * RFC 9457's own members: an extra property under one of these names would shadow (or, in the
     * JSON, duplicate) what the problem document says in them, so a refusal may not use them.
     */
    public static final java.util.Set<String> RESERVED_MEMBERS =
            java.util.Set.of("type", "title", "status", "detail", "instance");

    private final Kind kind;
    private final String type;
    private final transient Map<String, Object> properties;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public Refusal(Kind kind, String type, String detail) {
        this(kind, type, detail, Map.of());
    }

    public Refusal(Kind kind, String type, String detail, Map<String, Object> properties) {
        super(detail);
        for (String name : properties.keySet()) {
            if (RESERVED_MEMBERS.contains(name)) {
                throw new IllegalArgumentException("A refusal's property may not be named " + name
                        + ": RFC 9457 gives the problem document's own member that name.");
            }
        }
        this.kind = kind;
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public static Refusal invalid(String type, String detail) {
        return new Refusal(Kind.INVALID, type, detail);
    }

    public static Refusal notFound(String type, String detail) {
        return new Refusal(Kind.NOT_FOUND, type, detail);
    }

    public static Refusal conflict(String type, String detail) {
        return new Refusal(Kind.CONFLICT, type, detail);
    }

    public static Refusal unauthorized(String type, String detail) {
        return new Refusal(Kind.UNAUTHORIZED, type, detail);
    }

    public Kind kind() {
        return kind;
    }

    /** The stable last segment of the problem type URI, e.g. {@code pin-expired}. */
    public String type() {
        return type;
    }

    /**
     * Adds a response header the refusal needs, e.g. {@code WWW-Authenticate} on a 401 that tells the
     * client how to authenticate.
     */
    public Refusal withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Response headers to send with the problem document. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /** Extra members of the problem document (never secrets). */
    public Map<String, Object> properties() {
        return properties;
    }

    /** The refusal {@code failure} is or wraps (a command or query bus wraps what a handler threw), if any. */
    public static java.util.Optional<Refusal> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return java.util.Optional.of(refusal);
            }
        }
        return java.util.Optional.empty();
    }
}
