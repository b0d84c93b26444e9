package io.rwsplit.benchmarks.report;

import io.rwsplit.benchmarks.support.Rotation;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a JMH result of an interleaved run ({@code OverheadBenchmark} with {@code drivers=a/b/c}) into one row per
 * driver, by the {@link Rotation} of its measured iterations, and compares two drivers round by round.
 */
final class Interleaved {
    /** Secondary metrics kept per driver: values per iteration. */
    private static final List<String> PER_DRIVER = List.of("cpuNsPerOp", "gc.alloc.rate.norm");

    private Interleaved() {
    }

    /**
     * A paired comparison: the median of the per-round differences, their mean and the half-width of the mean's
     * 99.9% interval.
     */
    record Paired(double median, double mean, double error, int rounds) {
    }

    @SuppressWarnings("unchecked")
    static List<ResultRow> split(ResultRow row, List<String> drivers, Map<String, Object> primary,
                                         Map<String, Object> secondary) {
        int n = drivers.size();
        List<Map<Integer, double[]>> rounds = perDriverRounds((List<Object>) primary.get("rawData"), n);
        List<ResultRow> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            Map<Integer, double[]> mine = rounds.get(d);
            Map<String, Double> sec = new LinkedHashMap<>();
            if (secondary != null) {
                for (String k : PER_DRIVER) {
                    Object metric = secondary.get(k);
                    if (metric != null) {
                        List<Map<Integer, double[]>> r = perDriverRounds(
                                (List<Object>) ((Map<String, Object>) metric).get("rawData"), n);
                        sec.put(k, mean(r.get(d)));
                    }
                }
            }
            Map<String, String> params = new LinkedHashMap<>(row.params());
            params.put("driver", drivers.get(d));
            double[] values = values(mine);
            out.add(new ResultRow(row.benchmark(), row.method(), row.mode(), params, mean(mine),
                    halfWidth(values), row.unit(), values.length, Map.of(), sec, mine));
        }
        return out;
    }

    /**
     * Per driver, per round (numbered across forks): the measured iteration's value. rawData is a list of forks,
     * each the list of its measured iterations in order.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<Integer, double[]>> perDriverRounds(List<Object> raw, int n) {
        List<Map<Integer, double[]>> byDriver = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            byDriver.add(new TreeMap<>());
        }
        int roundBase = 0;
        for (Object fork : raw) {
            List<Object> iterations = (List<Object>) fork;
            for (int k = 0; k < iterations.size(); k++) {
                byDriver.get(Rotation.driverAt(k, n)).put(roundBase + Rotation.roundOf(k, n),
                        new double[] {ResultFiles.num(iterations.get(k))});
            }
            roundBase += (iterations.size() + n - 1) / n;
        }
        return byDriver;
    }

    private static double[] values(Map<Integer, double[]> rounds) {
        return rounds.values().stream().mapToDouble(v -> v[0]).toArray();
    }

    private static double mean(Map<Integer, double[]> rounds) {
        return Arrays.stream(values(rounds)).average().orElse(Double.NaN);
    }

    /** Half-width of the 99.9% confidence interval of the mean (Student's t), as JMH reports its error. */
    static double halfWidth(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        double t = new TDistribution(v.length - 1).inverseCumulativeProbability(1 - 0.001 / 2);
        return t * sd / Math.sqrt(v.length);
    }

    /** {@code a − b} round by round, over the rounds both ran in; null unless both rows are interleaved. */
    static Paired paired(ResultRow a, ResultRow b) {
        if (a.rounds().isEmpty() || b.rounds().isEmpty()) {
            return null;
        }
        List<Double> diffs = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : a.rounds().entrySet()) {
            double[] other = b.rounds().get(e.getKey());
            if (other != null) {
                diffs.add(e.getValue()[0] - other[0]);
            }
        }
        double[] d = diffs.stream().mapToDouble(Double::doubleValue).toArray();
        if (d.length == 0) {
            return null;
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Paired(median, Arrays.stream(d).average().orElse(Double.NaN), halfWidth(d), n);
    }
}
