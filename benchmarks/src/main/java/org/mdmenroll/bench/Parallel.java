package org.mdmenroll.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs tasks 0..n-1 on {@code threads} threads; a failed task counts as an error and the rest go on. */
public final class Parallel {

    private Parallel() {
    }

    @FunctionalInterface
    public interface Task {
        void run(int index) throws Exception;
    }

    /** Answers the first failure seen (null when none); every task ran once. */
    public static Exception run(int tasks, int threads, Progress progress, Task task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> first = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    try {
                        task.run(i);
                    } catch (Exception e) {
                        first.compareAndSet(null, e);
                        progress.error();
                    } catch (Error e) {
                        // e.g. a class missing from the harness's classpath: an error of the task, not a dead thread
                        first.compareAndSet(null, new IllegalStateException(e.toString(), e));
                        progress.error();
                    }
                    progress.increment();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(6, TimeUnit.HOURS)) {
            throw new IllegalStateException("tasks did not finish");
        }
        return first.get();
    }
}
