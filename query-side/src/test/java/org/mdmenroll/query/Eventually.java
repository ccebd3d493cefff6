package org.mdmenroll.query;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for projections, which catch up asynchronously, with Awaitility: polls every 100 ms and
 * fails with what was awaited (and the last answer) when it never comes. Never measures time.
 */
public final class Eventually {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);

    private Eventually() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(TIMEOUT, () -> what, condition);
    }

    /** {@code what} is asked only on failure, so it can describe the last answer seen. */
    public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(POLL).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Never happened: " + what.get(), e);
        }
    }

    /** Polls {@code poll} until its value satisfies {@code condition}, and answers that value. */
    public static <T> T value(String what, Callable<T> poll, Predicate<? super T> condition) {
        Object[] last = new Object[1];
        try {
            return Awaitility.await().atMost(TIMEOUT).pollInterval(POLL).until(() -> {
                T value = poll.call();
                last[0] = value;
                return value;
            }, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Never happened: " + what + "; last answer " + last[0], e);
        }
    }
}
