package org.mdmenroll.command;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/**
 * For integration tests that move time past an expiry: the service's one clock is a
 * {@link MutableClock} the test sets and advances. Test classes importing it with the same
 * properties share one Spring context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StoppedClockConfiguration {

    @Bean
    @Primary
    public MutableClock mutableClock() {
        return new MutableClock(Instant.now());
    }
}
