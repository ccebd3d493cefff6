package org.mdmenroll.command;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.tenant.TenantPathResolver;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What handler methods take besides what Spring binds: the tenant of the request path
 * ({@link TenantPathResolver}). The OpenAPI document shows the path variable it is read from.
 */
@Configuration(proxyBeanMethods = false)
public class HandlerArguments {

    @Bean
    public WebMvcConfigurer resolvedHandlerArguments(TenantPathResolver tenants) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(tenants);
            }
        };
    }

    /** The resolved tenant is documented as the {@code {tenant}} path variable, not as an object to bind. */
    @Bean
    public OperationCustomizer resolvedHandlerArgumentsDocumented() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(TenantEntry.class);
        return (operation, handler) -> {
            if (takes(handler, TenantEntry.class)) {
                parameters(operation).add(0, new PathParameter().name(TenantPathResolver.PATH_VARIABLE)
                        .required(true).schema(new StringSchema()));
            }
            return operation;
        };
    }

    private static boolean takes(HandlerMethod handler, Class<?> type) {
        return Arrays.stream(handler.getMethodParameters()).anyMatch(parameter -> parameter.getParameterType() == type);
    }

    private static List<Parameter> parameters(Operation operation) {
        if (operation.getParameters() == null) {
            operation.setParameters(new ArrayList<>());
        }
        return operation.getParameters();
    }
}
