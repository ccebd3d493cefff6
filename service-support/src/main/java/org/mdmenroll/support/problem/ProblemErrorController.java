package org.mdmenroll.support.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page: whatever the container itself rejects (before or outside Spring MVC)
 * is answered as problem+json too.
 */
@Hidden
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        // a filter's database failure (the account lookup of HTTP Basic) is the same 503 as a controller's
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.causeOf(failure).isPresent()) {
            Refusal unavailable = DatabaseUnavailable.refusal();
            ResponseEntity.BodyBuilder response = ResponseEntity.status(unavailable.kind().httpStatus())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            unavailable.headers().forEach(response::header);
            return response.body(ProblemWriter.problem(unavailable.kind().httpStatus(), unavailable.type(),
                    unavailable.getMessage()));
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 500;
        String detail = status >= 500 ? "An unexpected error occurred." : "The request was rejected.";
        ProblemDetail problem = ProblemWriter.problem(status, ProblemTypes.forStatus(status), detail);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
