package org.mdmenroll.query;

import org.mdmenroll.support.security.ApiSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Who may call what on the query side, on top of the shared {@link ApiSecurity} baseline. */
@Configuration(proxyBeanMethods = false)
public class QuerySideSecurity {

    @Bean
    public SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.apply(http, paths -> paths
                        // every projection holds all tenants' rows, so a rebuild affects every tenant: operators
                        // start one; admins and auditors may watch
                        .requestMatchers(HttpMethod.GET, "/api/projections/**").hasAnyRole("OPERATOR", "ADMIN", "AUDITOR")
                        .requestMatchers("/api/projections/**").hasRole("OPERATOR")
                        .requestMatchers("/api/tenants").hasAnyRole("OPERATOR", "ADMIN", "AUDITOR")
                        // the operators' audit trail: what happens outside any tenant, for operators only
                        .requestMatchers("/api/operator-audit", "/api/operator-audit/**").hasRole("OPERATOR")
                        .requestMatchers("/api/**").hasAnyRole("ADMIN", "AUDITOR"))
                .build();
    }
}
