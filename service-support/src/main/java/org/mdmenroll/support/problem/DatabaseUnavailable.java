package org.mdmenroll.support.problem;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Which failures mean the database could not be reached (a restart, a lost connection, an empty
 * pool), whatever wraps them: a connection exception, an SQL state of class 08 (connection
 * exception) or 57P01-57P03 (the server shutting down or starting), or Spring's resource failure.
 * Axon's event store wraps such a failure in an exception whose message says "Cannot reuse
 * aggregate identifier" for an aggregate's first event; that message is not what happened.
 */
public final class DatabaseUnavailable {

    /** Seconds a client should wait before sending the request again. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseUnavailable() {
    }

    /** The connection failure {@code failure} is or wraps, if any. */
    public static Optional<Throwable> causeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException) {
                return Optional.of(cause);
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[1-3]"))) {
                return Optional.of(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The 503 {@code database-unavailable} refusal, with Retry-After. */
    public static Refusal refusal() {
        return new Refusal(Refusal.Kind.SERVICE_UNAVAILABLE, "database-unavailable",
                "The database cannot be reached at the moment; nothing was changed by this request, "
                        + "send it again shortly.")
                .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
}
