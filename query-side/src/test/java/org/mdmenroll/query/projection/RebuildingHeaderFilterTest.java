package org.mdmenroll.query.projection;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** While projections rebuild, every /api/** response names them in Projection-Rebuilding. */
class RebuildingHeaderFilterTest {

    private final RebuildRegistry registry = new RebuildRegistry(Clock.systemUTC());
    private final RebuildingHeaderFilter filter = new RebuildingHeaderFilter(registry);

    @Test
    void noRebuildNoHeader() throws Exception {
        assertThat(respond("GET", "/api/users").getHeader(RebuildingHeaderFilter.HEADER)).isNull();
    }

    @Test
    void apiResponsesNameTheRebuildingProjections() throws Exception {
        registry.begin("users", 10);
        assertThat(respond("GET", "/api/users").getHeader(RebuildingHeaderFilter.HEADER)).isEqualTo("users");
        assertThat(respond("GET", "/api/devices").getHeader(RebuildingHeaderFilter.HEADER)).isEqualTo("users");

        registry.begin("devices", 10);
        assertThat(respond("GET", "/api/devices/" + java.util.UUID.randomUUID())
                .getHeader(RebuildingHeaderFilter.HEADER)).isEqualTo("devices, users");
        assertThat(respond("POST", "/api/projections/tenants/rebuild").getHeader(RebuildingHeaderFilter.HEADER))
                .isEqualTo("devices, users");

        registry.done("users");
        registry.failed("devices", "stopped");
        assertThat(respond("GET", "/api/users").getHeader(RebuildingHeaderFilter.HEADER)).isNull();
    }

    @Test
    void operationalEndpointsAreLeftAlone() throws Exception {
        registry.begin("users", 10);
        assertThat(respond("GET", "/actuator/health").getHeader(RebuildingHeaderFilter.HEADER)).isNull();
        assertThat(respond("GET", "/v3/api-docs").getHeader(RebuildingHeaderFilter.HEADER)).isNull();
        assertThat(respond("GET", "/apiary").getHeader(RebuildingHeaderFilter.HEADER)).isNull();
    }

    private MockHttpServletResponse respond(String method, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("the request goes on").isSameAs(request);
        return response;
    }
}
