package org.mdmenroll.bench;

import org.mdmenroll.bench.Result.Target;

import java.util.Map;

/** Scenario 6: each service's peak heap and resident memory during a phase (enrollment, queries). */
public final class MemoryReport {

    private static final double MB = 1024.0 * 1024.0;
    /** The target: at most 512 MB of heap per service. */
    private static final double HEAP_BUDGET_MB = 512;

    private MemoryReport() {
    }

    public static void add(BenchContext context, String phase, String size, Map<String, MemorySampler.Peak> peaks) {
        for (Map.Entry<String, MemorySampler.Peak> entry : peaks.entrySet()) {
            MemorySampler.Peak peak = entry.getValue();
            String service = entry.getKey();
            double heap = peak.heapUsed() / MB;
            context.results().add(Result.compared("memory", phase + " " + size, service + " peak heap used MB",
                    heap, "budget MB", HEAP_BUDGET_MB, heap / HEAP_BUDGET_MB, Target.atMost(1.0),
                    "-Xmx" + context.config().serviceHeap() + ", " + peak.samples() + " samples"));
            context.results().add(Result.info("memory", phase + " " + size, service + " peak RSS MB",
                    peak.rss() / MB, "VmHWM since start " + Math.round(peak.highWaterMark() / MB) + " MB"));
        }
    }
}
