package org.mdmenroll.command;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/**
 * For integration tests that move time past an expiry: the service's one clock is a
 * {@link MutableClock} the test sets and advances. Test classes importing it with the same
 * properties share one Spring context; it is one more cached context beside the others, so it
 * keeps only a few idle connections ({@link #FEW_CONNECTIONS}) to stay within PostgreSQL's limit.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StoppedClockConfiguration {

    /** A property for {@code @SpringBootTest(properties = ...)}: Hikari otherwise holds its whole pool idle. */
    public static final String FEW_CONNECTIONS = "spring.datasource.hikari.minimum-idle=2";

    @Bean
    @Primary
    public MutableClock mutableClock() {
        return new MutableClock(Instant.now());
    }
}
