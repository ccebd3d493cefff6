package org.mdmenroll.support.problem;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** A lost database connection, however wrapped, is 503 database-unavailable with Retry-After (issue 22, item 8). */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnavailableTest {

    private final ProblemAdvice advice = new ProblemAdvice();

    @Test
    void axonsMisleadingWrapperOfAnIoErrorIsA503LoggedAsWhatItIs(CapturedOutput output) {
        String misleading = "Cannot reuse aggregate identifier [x] to create aggregate [Tenant] since identifiers need to be unique.";
        PSQLException io = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE);
        assertUnavailable(advice.wrapped(new EventStoreException(misleading, io), null));
        assertUnavailable(advice.unexpected(new EventStoreException(misleading, io)));
        assertThat(output.getAll()).contains("Database unavailable", "I/O error").doesNotContain("Cannot reuse");
    }

    @Test
    void connectionFailuresOfEveryKindAre503() {
        assertUnavailable(advice.unexpected(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))));
        assertUnavailable(advice.unexpected(new IllegalStateException(
                new SQLException("terminating connection due to administrator command", "57P01"))));
        assertUnavailable(advice.unexpected(new RuntimeException(
                new SQLException("the database system is starting up", "57P03"))));
    }

    @Test
    void otherFailuresStay500() {
        assertThat(advice.unexpected(new IllegalStateException(new SQLException("syntax", "42601")))
                .getStatusCode().value()).isEqualTo(500);
        assertThat(advice.wrapped(new AggregateStreamCreationException("dup",
                new SQLException("duplicate key", "23505")), null).getStatusCode().value()).isEqualTo(500);
    }

    private static void assertUnavailable(ResponseEntity<ProblemDetail> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(String.valueOf(response.getBody().getType())).endsWith("/database-unavailable");
    }
}
