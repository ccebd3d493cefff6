package org.mdmenroll.bench;

import org.mdmenroll.support.testing.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples each running service's heap in use ({@code /actuator/metrics/jvm.memory.used}, area heap)
 * and resident memory ({@code VmRSS}, {@code VmHWM} of /proc/&lt;pid&gt;/status) once a second, keeping
 * the peaks of the phase being measured.
 */
public final class MemorySampler implements AutoCloseable {

    /** A service's peaks over a phase, in bytes; {@code highWaterMark} is the process's lifetime VmHWM at the end. */
    public record Peak(double heapUsed, long rss, long highWaterMark, int samples) {
    }

    private final Services services;
    private final Map<String, Peak> peaks = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean measuring;
    private volatile boolean closed;

    public MemorySampler(Services services) {
        this.services = services;
        this.sampler = new Thread(this::loop, "bench-memory");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** Starts a phase: peaks from now on. */
    public void begin() {
        peaks.clear();
        measuring = true;
    }

    /** Ends the phase and answers each service's peaks. */
    public Map<String, Peak> end() {
        sample();
        measuring = false;
        Map<String, Peak> result = new LinkedHashMap<>();
        for (ServiceProcess service : List.of(services.commandSide(), services.querySide())) {
            Peak peak = peaks.get(service.name());
            if (peak != null) {
                long hwm = service.isRunning() ? status(service.pid(), "VmHWM:") : peak.highWaterMark();
                result.put(service.name(), new Peak(peak.heapUsed(), peak.rss(), Math.max(hwm, peak.highWaterMark()),
                        peak.samples()));
            }
        }
        return result;
    }

    private void loop() {
        while (!closed) {
            if (measuring) {
                sample();
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        for (ServiceProcess service : List.of(services.commandSide(), services.querySide())) {
            try {
                if (!service.isRunning()) {
                    continue;
                }
                long pid = service.pid();
                long rss = status(pid, "VmRSS:");
                long hwm = status(pid, "VmHWM:");
                double heap = services.heapUsed(service);
                peaks.merge(service.name(), new Peak(heap, rss, hwm, 1), (a, b) -> new Peak(
                        Math.max(a.heapUsed(), b.heapUsed()), Math.max(a.rss(), b.rss()),
                        Math.max(a.highWaterMark(), b.highWaterMark()), a.samples() + b.samples()));
            } catch (Exception e) {
                // a service restarting between the check and the reading: the next sample counts
            }
        }
    }

    /**
     * The CPU time the process used so far (user and system, /proc/&lt;pid&gt;/stat), in seconds; on a
     * machine shared with other work this says more about a change than wall time does.
     */
    public static double cpuSeconds(ServiceProcess service) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(service.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime 14 and stime 15 (1-based, in clock ticks of 1/100 s)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** A /proc/&lt;pid&gt;/status line's value in bytes (given there in kB); 0 where /proc is not there. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
