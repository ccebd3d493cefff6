package org.mdmenroll.command.user;

import org.mdmenroll.command.tenant.TenantPathResolver;
import org.mdmenroll.command.user.EnrollmentSessions.Session;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * A handler method's {@link Session} parameter: the enrollment session of the request's
 * {@code Authorization: Bearer} header in the path's tenant, or 401 invalid-session (an unknown
 * tenant is 404 first). Declared after the parameters Spring binds, it is resolved after them.
 */
@Component
public class EnrollmentSessionResolver implements HandlerMethodArgumentResolver {

    private final TenantPathResolver tenants;
    private final EnrollmentSessions sessions;

    public EnrollmentSessionResolver(TenantPathResolver tenants, EnrollmentSessions sessions) {
        this.tenants = tenants;
        this.sessions = sessions;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Session.class;
    }

    @Override
    public Session resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binders) {
        String[] headers = request.getHeaderValues(HttpHeaders.AUTHORIZATION);
        // Several Authorization headers are one comma-joined value, as @RequestHeader String reads them.
        String authorization = headers == null ? null : String.join(",", headers);
        return sessions.authenticate(tenants.tenantOf(request).tenantId(), authorization);
    }
}
