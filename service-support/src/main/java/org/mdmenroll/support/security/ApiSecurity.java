package org.mdmenroll.support.security;

import org.mdmenroll.support.problem.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import jakarta.servlet.DispatcherType;

/**
 * The security both services share: stateless HTTP Basic against stored accounts, problem+json for
 * 401 and 403, and the operational endpoints open. Each service adds its own path rules.
 */
public class ApiSecurity {

    /** Paths anyone may call: health probes, metrics scrape, API docs. */
    public static final String[] OPEN_PATHS = {
            "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    private final ProblemWriter problems;

    public ApiSecurity(ProblemWriter problems) {
        this.problems = problems;
    }

    public AuthenticationEntryPoint unauthenticated() {
        return (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mdm-enroll\"");
            problems.write(response, ProblemWriter.problem(401, "unauthenticated",
                    "Valid credentials are required."));
        };
    }

    public AccessDeniedHandler forbidden() {
        return (request, response, e) -> problems.write(response, ProblemWriter.problem(403, "forbidden",
                "This account's role may not do this."));
    }

    /**
     * Applies the shared baseline; {@code rules} are the service's own path rules, checked after
     * the open paths and before "everything else needs authentication".
     */
    public HttpSecurity apply(HttpSecurity http,
            org.springframework.security.config.Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>
                    .AuthorizationManagerRequestMatcherRegistry> rules) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated()))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated()).accessDeniedHandler(forbidden()))
                .authorizeHttpRequests(authorize -> {
                    authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    authorize.requestMatchers("/error").permitAll();
                    authorize.requestMatchers(OPEN_PATHS).permitAll();
                    rules.customize(authorize);
                    authorize.anyRequest().authenticated();
                });
    }
}
