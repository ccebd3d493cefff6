package org.mdmenroll.support.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.common.AxonException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.Map;

/** Every error a controller raises, ours or Spring MVC's, as RFC 9457 problem+json. */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refusal(Refusal refusal, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.valueOf(refusal.kind().httpStatus()), refusal.getMessage());
        problem.setType(ProblemTypes.uri(refusal.type()));
        refusal.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
        refusal.headers().forEach(response::header);
        return response.body(problem);
    }

    /** A unique constraint of a lookup table caught a concurrent duplicate the checks let through. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The request conflicts with existing data (it may have been sent twice concurrently).");
        problem.setType(ProblemTypes.uri("conflict"));
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /** Refusals raised behind a query or command bus arrive wrapped; answer them as themselves. */
    @ExceptionHandler({CompletionException.class, AxonException.class})
    ResponseEntity<ProblemDetail> wrapped(Exception e, HttpServletRequest request) {
        Optional<Refusal> wrapped = Refusal.in(e);
        if (wrapped.isPresent()) {
            return refusal(wrapped.get(), request);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException || cause instanceof IncompatibleAggregateException) {
                // A command named an id that is no aggregate of the kind it is for (unknown, or of
                // another kind). Endpoints answer their own not-found type for this; this is the
                // backstop for one that does not, so it is a 404 and never a 500.
                return refusal(Refusal.notFound("not-found", "No such entry."), request);
            }
            if (cause instanceof ConcurrencyException) {
                return refusal(Refusal.conflict("concurrent-update",
                        "Another request changed the same entry at the same time; send the request again."), request);
            }
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        Optional<Throwable> connectionLost = DatabaseUnavailable.causeOf(e);
        if (connectionLost.isPresent()) {
            // what happened, not the message of whatever wrapped it (Axon's says "Cannot reuse aggregate identifier")
            log.warn("Database unavailable, answered 503 database-unavailable: {}", connectionLost.get().toString());
            return refusal(DatabaseUnavailable.refusal(), null);
        }
        log.error("Unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred.");
        problem.setType(ProblemTypes.uri("internal-error"));
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request has invalid fields.");
        problem.setType(ProblemTypes.uri("invalid-request"));
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request has invalid parameters.");
        problem.setType(ProblemTypes.uri("invalid-request"));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /**
     * A body that does not parse, or whose value has the wrong JSON type for its field (no coercion:
     * {@code WebJson}) or text that cannot be stored: 400 {@code malformed-request}, with the field's
     * path in {@code field} when Jackson knows it.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Failed to read request");
        problem.setType(ProblemTypes.uri("malformed-request"));
        if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = fieldPath(mapping.getPath());
            problem.setProperty("field", field);
            // The value itself is not echoed: it may be a password.
            problem.setDetail("The field " + field + " has a value of the wrong JSON type (values are not converted:"
                    + " a number is not a string, a string is not a number or a boolean) or text that cannot"
                    + " be stored (a NUL character or an unpaired surrogate).");
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** Gives Spring's own problems (malformed JSON, 404, 405, 415 ...) a stable type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && "about:blank".equals(String.valueOf(problem.getType()))) {
            problem.setType(ProblemTypes.uri(ProblemTypes.forStatus(status.value())));
        }
        return response;
    }
}
