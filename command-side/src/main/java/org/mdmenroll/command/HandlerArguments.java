package org.mdmenroll.command;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.tenant.TenantPathResolver;
import org.mdmenroll.command.user.EnrollmentSessionResolver;
import org.mdmenroll.command.user.EnrollmentSessions.Session;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What handler methods take besides what Spring binds: the tenant of the request path
 * ({@link TenantPathResolver}) and the enrollment session of its Bearer token
 * ({@link EnrollmentSessionResolver}). The OpenAPI document shows what they are read from.
 */
@Configuration(proxyBeanMethods = false)
public class HandlerArguments {

    @Bean
    public WebMvcConfigurer resolvedHandlerArguments(TenantPathResolver tenants, EnrollmentSessionResolver sessions) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(tenants);
                resolvers.add(sessions);
            }
        };
    }

    /**
     * Documented as what they are read from, not as objects to bind: the {@code {tenant}} path
     * variable (a session is the tenant's too), and the optional Authorization header after the
     * other path variables.
     */
    @Bean
    public OperationCustomizer resolvedHandlerArgumentsDocumented() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(TenantEntry.class, Session.class);
        return (operation, handler) -> {
            boolean session = takes(handler, Session.class);
            if (!session && !takes(handler, TenantEntry.class)) {
                return operation;
            }
            List<Parameter> parameters = operation.getParameters() == null ? new ArrayList<>() : operation.getParameters();
            if (session) {
                int afterPath = (int) parameters.stream().filter(parameter -> "path".equals(parameter.getIn())).count();
                parameters.add(afterPath, new HeaderParameter().name(HttpHeaders.AUTHORIZATION).required(false)
                        .schema(new StringSchema()));
            }
            parameters.add(0, new PathParameter().name(TenantPathResolver.PATH_VARIABLE).required(true)
                    .schema(new StringSchema()));
            return operation.parameters(parameters);
        };
    }

    private static boolean takes(HandlerMethod handler, Class<?> type) {
        return Arrays.stream(handler.getMethodParameters()).anyMatch(parameter -> parameter.getParameterType() == type);
    }
}
