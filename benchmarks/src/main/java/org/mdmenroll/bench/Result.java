package org.mdmenroll.bench;

/**
 * One line of the results table: a figure, the raw baseline it is held against (measured in the
 * same run on the same database), their ratio and the target that ratio must meet.
 *
 * @param scenario  e.g. {@code enrollment}
 * @param size      what it ran on, e.g. {@code 2000 devices} or {@code 1000000 events}
 * @param metric    e.g. {@code commands/s} or {@code p99 ms: devices?status&platform}
 * @param value     the figure (NaN when not measured)
 * @param baseline  the baseline's figure (NaN when there is none)
 * @param baselineMetric what the baseline is, e.g. {@code JDBC single-row INSERT commits/s}
 * @param ratio     value against baseline, or another comparison the target names (NaN when none)
 * @param target    e.g. {@code >= 0.60}; empty for information only
 * @param verdict   MET, MISSED, INFO or NOT MEASURED
 * @param note      why not measured, what limits it, errors seen
 */
public record Result(String scenario, String size, String metric, double value, double baseline,
                     String baselineMetric, double ratio, String target, String verdict, String note) {

    /** A figure without baseline or target. */
    public static Result info(String scenario, String size, String metric, double value, String note) {
        return new Result(scenario, size, metric, value, Double.NaN, "", Double.NaN, "", "INFO", note);
    }

    /** A figure against its baseline, with the target the ratio must meet (null: none). */
    public static Result compared(String scenario, String size, String metric, double value, String baselineMetric,
            double baseline, double ratio, Target target, String note) {
        String verdict = target == null ? "INFO" : target.met(ratio) ? "MET" : "MISSED";
        return new Result(scenario, size, metric, value, baseline, baselineMetric, ratio,
                target == null ? "" : target.toString(), verdict, note);
    }

    public static Result notMeasured(String scenario, String size, String metric, String why) {
        return new Result(scenario, size, metric, Double.NaN, Double.NaN, "", Double.NaN, "", "NOT MEASURED", why);
    }

    /** What a ratio must be: at least or at most a bound. */
    public record Target(boolean atLeast, double bound) {

        public static Target atLeast(double bound) {
            return new Target(true, bound);
        }

        public static Target atMost(double bound) {
            return new Target(false, bound);
        }

        boolean met(double ratio) {
            return !Double.isNaN(ratio) && (atLeast ? ratio >= bound : ratio <= bound);
        }

        @Override
        public String toString() {
            return (atLeast ? ">= " : "<= ") + String.format("%.2f", bound);
        }
    }
}
