package org.mdmenroll.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's results: printed as a table at the end and written as JSON under the output directory. */
public final class Results {

    private final List<Result> rows = new ArrayList<>();
    private final Instant started = Instant.now();

    public synchronized void add(Result result) {
        rows.add(result);
        Progress.say("result: " + line(result).strip());
    }

    public synchronized List<Result> rows() {
        return List.copyOf(rows);
    }

    public synchronized String table() {
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-10s %-16s %-44s %12s  %-34s %12s %8s %-8s %-12s %s",
                "scenario", "size", "metric", "value", "baseline", "", "ratio", "target", "verdict", "note");
        out.append(header).append('\n').append("-".repeat(Math.min(header.length(), 200))).append('\n');
        for (Result row : rows) {
            out.append(line(row)).append('\n');
        }
        return out.toString();
    }

    private static String line(Result r) {
        return String.format(Locale.ROOT, "%-10s %-16s %-44s %12s  %-34s %12s %8s %-8s %-12s %s", r.scenario(),
                r.size(), r.metric(), number(r.value()), r.baselineMetric(), number(r.baseline()),
                Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", r.ratio()), r.target(),
                r.verdict(), r.note() == null ? "" : r.note());
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    /** Writes {@code bench-results.json} (the latest run) and a copy named by the run's start time. */
    public synchronized Path writeJson(Path directory, BenchConfig config, Map<String, Object> environment)
            throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("startedAt", started.toString());
        document.put("took", Duration.between(started, Instant.now()).toString());
        document.put("machine", machine());
        document.put("environment", environment);
        document.put("config", config);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Result row : rows) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("scenario", row.scenario());
            json.put("size", row.size());
            json.put("metric", row.metric());
            json.put("value", finite(row.value()));
            json.put("baselineMetric", row.baselineMetric().isEmpty() ? null : row.baselineMetric());
            json.put("baseline", finite(row.baseline()));
            json.put("ratio", finite(row.ratio()));
            json.put("target", row.target().isEmpty() ? null : row.target());
            json.put("verdict", row.verdict());
            json.put("note", row.note() == null || row.note().isEmpty() ? null : row.note());
            results.add(json);
        }
        document.put("results", results);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Path latest = directory.resolve("bench-results.json");
        json.writeValue(latest.toFile(), document);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Files.copy(latest, directory.resolve("bench-results-" + stamp + ".json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return latest;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memoryGiB", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return machine;
    }
}
