package org.mdmenroll.query;

import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of the query side's Spring tests: one fresh PostgreSQL database and, since the
 * configuration is the same for every subclass, one application context (one set of event
 * processors) for all of them. What they share beyond it is in {@link QuerySideSpringTest}.
 */
public abstract class QuerySideTest extends QuerySideSpringTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
    }
}
