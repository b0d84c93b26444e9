package io.rwsplit.benchmarks.report;

import java.util.Map;

/**
 * Why this exists: the report reads several JMH result files and splits interleaved runs into one row per driver;
 * every section then works on the same shape. One JMH result row: a benchmark method with its parameters, its score
 * and error, percentiles, secondary metrics, and (for interleaved runs) its value per round.
 */
record ResultRow(String benchmark, String method, String mode, Map<String, String> params, double score,
                 double error, String unit, int samples, Map<String, Double> percentiles,
                 Map<String, Double> secondary, Map<Integer, double[]> rounds) {
    String param(String k) {
        return params.getOrDefault(k, "");
    }

    double secondary(String k) {
        Double d = secondary.get(k);
        return d == null ? Double.NaN : d;
    }
}
