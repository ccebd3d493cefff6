package org.mdmenroll.bench;

import java.util.Arrays;

/** The durations of one kind of call, thread-safe; percentiles in milliseconds. */
public final class Latencies {

    private long[] nanos = new long[1024];
    private int count;

    public synchronized void record(long durationNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = durationNanos;
    }

    public synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 to 100, nearest rank) in milliseconds; NaN without samples. */
    public synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1_000_000.0;
    }

    public double p50() {
        return percentileMillis(50);
    }

    public double p99() {
        return percentileMillis(99);
    }

    /** Times {@code call} and records it; the call's own exception passes through, unrecorded. */
    public <T> T time(Timed<T> call) throws Exception {
        long start = System.nanoTime();
        T result = call.run();
        record(System.nanoTime() - start);
        return result;
    }

    @FunctionalInterface
    public interface Timed<T> {
        T run() throws Exception;
    }
}
