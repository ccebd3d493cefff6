package org.mdmenroll.command.tenant;

import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;

/**
 * A handler method's {@link TenantEntry} parameter: the tenant the request path names by its
 * {@code {tenant}} slug, or 404 unknown-tenant before the method runs. Declared after the
 * parameters Spring binds itself, it is resolved after them, as the method's first statement was.
 */
@Component
public class TenantPathResolver implements HandlerMethodArgumentResolver {

    /** The path variable holding the tenant's slug, as in {@code /t/{tenant}/go}. */
    public static final String PATH_VARIABLE = "tenant";
    private static final String RESOLVED = TenantPathResolver.class.getName() + ".tenant";

    private final TenantDirectory tenants;

    public TenantPathResolver(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantEntry.class;
    }

    @Override
    public TenantEntry resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binders) {
        return tenantOf(request);
    }

    /** The request's tenant, looked up once per request (the enrollment session needs it too). */
    public TenantEntry tenantOf(NativeWebRequest request) {
        TenantEntry resolved = (TenantEntry) request.getAttribute(RESOLVED, RequestAttributes.SCOPE_REQUEST);
        if (resolved != null) {
            return resolved;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        String slug = variables == null ? null : variables.get(PATH_VARIABLE);
        if (slug == null) {
            throw new IllegalStateException("A handler that takes the tenant needs {" + PATH_VARIABLE + "} in its path.");
        }
        TenantEntry tenant = tenants.requireBySlug(slug);
        request.setAttribute(RESOLVED, tenant, RequestAttributes.SCOPE_REQUEST);
        return tenant;
    }
}
