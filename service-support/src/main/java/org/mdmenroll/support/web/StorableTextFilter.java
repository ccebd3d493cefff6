package org.mdmenroll.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mdmenroll.support.problem.ProblemWriter;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * Query parameters, form and multipart fields and headers with text PostgreSQL cannot store
 * ({@link StorableText}) are a 400 {@code malformed-request} naming the parameter or header, before
 * any controller (or security, which may record a failed login) sees them. It runs after the
 * filters that take a raw body first ({@code MachineInfoBodyFilter}), so it never parses their form.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class StorableTextFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    public StorableTextFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Refusal refusal = unstorable(request);
        if (refusal != null) {
            ProblemDetail problem = ProblemWriter.problem(400, refusal.type(), refusal.getMessage());
            refusal.properties().forEach(problem::setProperty);
            problems.write(response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    private static Refusal unstorable(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                if (!StorableText.storable(value)) {
                    return StorableText.refusal("the header", name);
                }
            }
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            return null; // a body the container cannot parse is the controller's 400
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!StorableText.storable(parameter.getKey())) {
                return StorableText.refusal("a parameter name", "?");
            }
            for (String value : parameter.getValue()) {
                if (!StorableText.storable(value)) {
                    return StorableText.refusal("the parameter", parameter.getKey());
                }
            }
        }
        return null;
    }
}
