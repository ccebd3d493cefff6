package org.mdmenroll.query;

import org.mdmenroll.support.security.ApiSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
public class QuerySideSecurity {

    @Bean
    public SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.apply(http, paths -> paths
                        .requestMatchers("/api/tenants").hasAnyRole("OPERATOR", "ADMIN", "AUDITOR")
                        .requestMatchers("/api/**").hasAnyRole("ADMIN", "AUDITOR"))
                .build();
    }
}
