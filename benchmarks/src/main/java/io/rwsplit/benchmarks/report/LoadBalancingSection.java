package io.rwsplit.benchmarks.report;

import static io.rwsplit.benchmarks.report.Cells.ns;
import static io.rwsplit.benchmarks.report.ResultRows.lbRow;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why this exists: a balancer shows its worth when one replica is slow. This writes the load-balancing benchmark's
 * table: per balancer, throughput and latency percentiles with one slow replica.
 */
final class LoadBalancingSection {
    private LoadBalancingSection() {
    }

    static void append(StringBuilder md, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ResultRow any = rows.get(0);
        md.append("## Load balancing with one slow replica\n\n");
        md.append("Stub driver (no I/O): two replicas answer in ").append(any.param("fastMicros"))
                .append(" µs, one in ").append(any.param("slowMicros"))
                .append(" µs; 8 threads, each on its own rwsplit connection, autocommit point reads.\n\n");
        md.append("| balancer | throughput ops/s | mean µs | p50 µs | p95 µs | p99 µs | p99.9 µs |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String b : new String[] {"least-outstanding", "round-robin", "random"}) {
            ResultRow thrpt = lbRow(rows, b, "thrpt");
            ResultRow sample = lbRow(rows, b, "sample");
            if (thrpt == null && sample == null) {
                continue;
            }
            md.append("| ").append(b).append(" | ")
                    .append(thrpt == null ? "–" : String.format(Locale.ROOT, "%,.0f", thrpt.score() * 1_000_000))
                    .append(" | ");
            if (sample == null) {
                md.append("– | – | – | – | – |\n");
            } else {
                Map<String, Double> p = sample.percentiles();
                md.append(ns(sample.score())).append(" | ").append(ns(p.getOrDefault("50.0", Double.NaN)))
                        .append(" | ").append(ns(p.getOrDefault("95.0", Double.NaN))).append(" | ")
                        .append(ns(p.getOrDefault("99.0", Double.NaN))).append(" | ")
                        .append(ns(p.getOrDefault("99.9", Double.NaN))).append(" |\n");
            }
        }
        md.append('\n');
    }
}
