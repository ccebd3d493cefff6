package org.mdmenroll.query.projection;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Tells every {@code /api/**} caller that answers may be incomplete: while projections rebuild,
 * responses carry {@value #HEADER} with their names, comma-separated.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RebuildingHeaderFilter extends OncePerRequestFilter {

    /** The response header naming the projections that are rebuilding. */
    public static final String HEADER = "Projection-Rebuilding";

    private final RebuildRegistry registry;

    public RebuildingHeaderFilter(RebuildRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        announce(registry, response);
        chain.doFilter(request, response);
    }

    /** Sets the header from the registry's current state, when any projection rebuilds. */
    static void announce(RebuildRegistry registry, HttpServletResponse response) {
        List<String> rebuilding = registry.rebuilding();
        if (!rebuilding.isEmpty()) {
            response.setHeader(HEADER, String.join(", ", rebuilding));
        }
    }
}
