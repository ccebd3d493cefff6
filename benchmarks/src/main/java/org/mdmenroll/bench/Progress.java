package org.mdmenroll.bench;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Progress lines on the console while a long step runs: done of total, rate, errors, every few seconds. */
public final class Progress implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-progress");
        thread.setDaemon(true);
        return thread;
    });

    private final String label;
    private final String unit;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Supplier<String> detail;
    private final ScheduledFuture<?> ticking;

    private Progress(String label, String unit, long total, Supplier<String> detail) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.detail = detail;
        this.ticking = TICKER.scheduleAtFixedRate(this::print, 5, 5, TimeUnit.SECONDS);
    }

    /** Starts reporting {@code label}: {@code total} {@code unit}s to do (0 when unknown). */
    public static Progress start(String label, String unit, long total) {
        return start(label, unit, total, () -> "");
    }

    /** As {@link #start(String, String, long)}, with an extra text computed at each line. */
    public static Progress start(String label, String unit, long total, Supplier<String> detail) {
        say(label + ": started" + (total > 0 ? " (" + total + " " + unit + ")" : ""));
        return new Progress(label, unit, total, detail);
    }

    public static void say(String line) {
        System.out.println("[" + LocalTime.now().format(CLOCK) + "] " + line);
        System.out.flush();
    }

    public void add(long n) {
        done.addAndGet(n);
    }

    public void increment() {
        done.incrementAndGet();
    }

    public void set(long value) {
        done.set(value);
    }

    public void error() {
        errors.incrementAndGet();
    }

    public long errors() {
        return errors.get();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void print() {
        try {
            double seconds = elapsed().toNanos() / 1e9;
            long now = done.get();
            String extra = detail.get();
            say(String.format("%s: %d%s %s, %.1f/s, %ds%s%s", label, now, total > 0 ? "/" + total : "", unit,
                    now / Math.max(seconds, 1e-9), Math.round(seconds),
                    errors.get() > 0 ? ", " + errors.get() + " errors" : "",
                    extra.isEmpty() ? "" : ", " + extra));
        } catch (RuntimeException e) {
            say(label + ": (progress unavailable: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        ticking.cancel(false);
        double seconds = elapsed().toNanos() / 1e9;
        say(String.format("%s: done, %d %s in %.1fs%s", label, done.get(), unit, seconds,
                errors.get() > 0 ? ", " + errors.get() + " errors" : ""));
    }
}
