package org.mdmenroll.support.problem;

import java.net.URI;

/** Where problem type URIs live: one stable URI per kind of error. */
public final class ProblemTypes {

    public static final String BASE = "https://mdmenroll.org/problems/";

    private ProblemTypes() {
    }

    public static URI uri(String type) {
        return URI.create(BASE + type);
    }

    /** A type for errors raised by the web container or framework rather than by our code. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }
}
