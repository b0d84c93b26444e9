package io.rwsplit.benchmarks.report;

import io.rwsplit.benchmarks.OverheadBenchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why this exists: JMH writes its results as JSON whose figures need care (secondary metrics summed over
 * iterations, interleaved drivers in one result); the report's sections should only see rows. This reads the result
 * files of a results directory into {@link ResultRow}s, and the million-cycles files as they are; a missing file
 * gives no rows.
 */
final class ResultFiles {
    private ResultFiles() {
    }

    /** {@code overhead-h2.json} and {@code overhead-loopback.json} ({@code overhead.json} of a hand-made run too). */
    static List<ResultRow> loadOverhead(Path dir) throws IOException {
        List<ResultRow> rows = load(dir.resolve("overhead.json"));
        rows.addAll(load(dir.resolve("overhead-h2.json")));
        rows.addAll(load(dir.resolve("overhead-loopback.json")));
        rows.addAll(load(dir.resolve("overhead-loopback-shardingsphere.json")));
        return rows;
    }

    @SuppressWarnings("unchecked")
    static List<ResultRow> load(Path file) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        for (Object o : (List<Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8))) {
            Map<String, Object> m = (Map<String, Object>) o;
            String benchmark = (String) m.get("benchmark");
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            Object p = m.get("params");
            if (p != null) {
                ((Map<String, Object>) p).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Object> primary = (Map<String, Object>) m.get("primaryMetric");
            Map<String, Double> pct = new LinkedHashMap<>();
            Object pp = primary.get("scorePercentiles");
            if (pp != null) {
                ((Map<String, Object>) pp).forEach((k, v) -> pct.put(k, num(v)));
            }
            Map<String, Double> sec = new LinkedHashMap<>();
            Object sm = m.get("secondaryMetrics");
            if (sm != null) {
                ((Map<String, Object>) sm).forEach((k, v) -> sec.put(k, secondaryScore(k, (Map<String, Object>) v)));
            }
            ResultRow row = new ResultRow(benchmark, method, (String) m.get("mode"), params, num(primary.get("score")),
                    num(primary.get("scoreError")), (String) primary.get("scoreUnit"), rawCount(primary), pct, sec,
                    Map.of());
            String drivers = params.get("drivers");
            if (drivers == null) {
                rows.add(row);
            } else if (!drivers.contains("/")) {
                params.put("driver", drivers);
                rows.add(row);
            } else {
                rows.addAll(Interleaved.split(row, OverheadBenchmark.driverList(drivers), primary,
                        (Map<String, Object>) m.get("secondaryMetrics")));
            }
        }
        return rows;
    }

    /** Secondary metrics that hold one value per iteration (not a count to add up): their score is the mean. */
    static final List<String> PER_ITERATION = List.of("cpuNsPerOp", "injectionMs", "loopReads", "probeIntervalMs");

    /** Number of measured iterations (single shots, in SingleShotTime mode) behind a metric, over all forks. */
    @SuppressWarnings("unchecked")
    private static int rawCount(Map<String, Object> metric) {
        int n = 0;
        if (metric.get("rawData") instanceof List) {
            for (Object fork : (List<Object>) metric.get("rawData")) {
                n += ((List<Object>) fork).size();
            }
        }
        return n;
    }

    /**
     * The score of a secondary metric. JMH sums {@code @AuxCounters(EVENTS)} values over iterations, so for values
     * that are per iteration ({@link #PER_ITERATION}: {@code cpuNsPerOp}, the lag benchmark's per-shot figures) the
     * mean of the raw iteration values is the score; counts ({@code wrongReads}) keep the sum.
     */
    @SuppressWarnings("unchecked")
    private static double secondaryScore(String key, Map<String, Object> metric) {
        Object raw = metric.get("rawData");
        if (PER_ITERATION.contains(key) && raw instanceof List) {
            double sum = 0;
            int n = 0;
            for (Object fork : (List<Object>) raw) {
                for (Object v : (List<Object>) fork) {
                    sum += num(v);
                    n++;
                }
            }
            if (n > 0) {
                return sum / n;
            }
        }
        return num(metric.get("score"));
    }

    static double num(Object v) {
        if (v instanceof Double) {
            return (Double) v;
        }
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The {@code million-cycles-<driver>.json} files there are, in the order of {@link ResultsReport#DRIVERS}. */
    static List<Map<String, Object>> loadMillionCycles(Path dir) throws IOException {
        List<Map<String, Object>> million = new ArrayList<>();
        for (String d : ResultsReport.DRIVERS) {
            Path f = dir.resolve("million-cycles-" + d + ".json");
            if (Files.exists(f)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(f, StandardCharsets.UTF_8));
                million.add(m);
            }
        }
        return million;
    }
}
