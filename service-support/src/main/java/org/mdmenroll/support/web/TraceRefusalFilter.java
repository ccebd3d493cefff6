package org.mdmenroll.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mdmenroll.support.problem.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * TRACE (and CONNECT) is no method of these APIs: 405 problem+json before anything else (Spring
 * Security's firewall would otherwise reject it as an empty 400).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TraceRefusalFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    public TraceRefusalFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("TRACE".equals(request.getMethod()) || "CONNECT".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            problems.write(response, ProblemWriter.problem(405, "method-not-allowed",
                    request.getMethod() + " is not supported."));
            return;
        }
        chain.doFilter(request, response);
    }
}
