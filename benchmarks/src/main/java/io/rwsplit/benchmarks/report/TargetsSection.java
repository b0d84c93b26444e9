package io.rwsplit.benchmarks.report;

import static io.rwsplit.benchmarks.report.Cells.ns;
import static io.rwsplit.benchmarks.report.Cells.verdict;
import static io.rwsplit.benchmarks.report.ResultRows.find;
import static io.rwsplit.benchmarks.report.ResultRows.lbRow;
import static io.rwsplit.benchmarks.report.ResultRows.plainFor;
import static io.rwsplit.benchmarks.report.ResultRows.targets;
import static io.rwsplit.benchmarks.report.ResultsReport.OPS;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why this exists: issue 7 set the benchmarks' targets (added time on H2, on a loopback round trip, against
 * ShardingSphere-JDBC; load balancing under a slow replica; no growth over a million cycles). This writes the table
 * that checks each of them against the figures, with its verdict.
 */
final class TargetsSection {
    private TargetsSection() {
    }

    static void append(StringBuilder md, List<ResultRow> overhead, List<ResultRow> lb,
                                       List<Map<String, Object>> million) {
        md.append("## Targets of issue 7\n\n");
        md.append("| target | measured | verdict |\n|---|---|---|\n");
        for (String op : new String[] {"pointSelectReused", "updateReused", "prepareExecuteClose"}) {
            ResultRow plain = find(overhead, op, "h2", "plain");
            ResultRow rw = find(overhead, op, "h2", "rwsplit");
            if (plain != null && rw != null) {
                double added = rw.score() - plain.score();
                double addedCpu = rw.secondary("cpuNsPerOp") - plain.secondary("cpuNsPerOp");
                md.append("| rwsplit adds ≤ 1 µs per prepared statement on H2 (`").append(op).append("`) | +")
                        .append(ns(added)).append(" ns wall, +").append(ns(addedCpu)).append(" ns CPU | ")
                        .append(verdict(added <= 1000)).append(" |\n");
            }
        }
        for (String t : targets(overhead)) {
            if (t.equals("h2")) {
                continue;
            }
            for (String op : OPS) {
                ResultRow plain = find(overhead, op, t, "plain");
                ResultRow split = find(overhead, op, t, "plain-split");
                ResultRow rw = find(overhead, op, t, "rwsplit");
                // Reads are judged against the plain driver reading from a replica too (plain-split) when it ran:
                // a standby may answer in another time than the primary, which is not the driver's doing.
                ResultRow base = split != null ? split : plain;
                if (base != null && rw != null) {
                    double pct = 100 * (rw.score() - base.score()) / base.score();
                    double pctCpu = 100 * (rw.secondary("cpuNsPerOp") - base.secondary("cpuNsPerOp"))
                            / base.score();
                    Interleaved.Paired paired = Interleaved.paired(rw, base);
                    md.append("| rwsplit adds ≤ 3% on a loopback round trip (").append(t).append(", `").append(op)
                            .append("`) | ");
                    if (paired != null) {
                        // The median round: one iteration that a burst of unrelated work (a checkpoint, the
                        // replicas' WAL apply) landed on moves the mean of a few rounds by percents.
                        pct = 100 * paired.median() / base.score();
                        md.append(String.format(Locale.ROOT, "%+.1f%% wall, median of %d paired rounds (mean %+.1f%%"
                                        + " ± %.1f%%)", pct, paired.rounds(), 100 * paired.mean() / base.score(),
                                100 * paired.error() / base.score()));
                    } else {
                        md.append(String.format(Locale.ROOT, "%+.1f%% wall", pct));
                    }
                    md.append(String.format(Locale.ROOT, " (%+.1f%% as added CPU)", pctCpu)).append(" vs ")
                            .append(base == split ? "plain-split" : "plain");
                    if (base == split && plain != null) {
                        Interleaved.Paired vsPlain = Interleaved.paired(rw, plain);
                        md.append(String.format(Locale.ROOT, "; %+.1f%% wall vs plain on the primary",
                                100 * (vsPlain != null ? vsPlain.median() : rw.score() - plain.score())
                                        / plain.score()));
                    }
                    md.append(" | ").append(verdict(pct <= 3)).append(" |\n");
                }
            }
        }
        for (String t : targets(overhead)) {
            for (String op : new String[] {"pointSelectReused", "updateReused", "newSqlText"}) {
                ResultRow plain = find(overhead, op, t, "plain");
                ResultRow rw = find(overhead, op, t, "rwsplit");
                ResultRow ss = find(overhead, op, t, "shardingsphere");
                if (plain != null && rw != null && ss != null) {
                    double a = rw.score() - plainFor(overhead, rw).score();
                    double b = ss.score() - plainFor(overhead, ss).score();
                    String ratio = a <= 0 ? "∞ (rwsplit adds nothing measurable)"
                            : String.format(Locale.ROOT, "%.1f×", b / a);
                    md.append("| ≥ 5× less added time than ShardingSphere-JDBC (").append(t).append(", `").append(op)
                            .append("`) | rwsplit +").append(ns(a)).append(" ns, ShardingSphere +").append(ns(b))
                            .append(" ns: ").append(ratio).append(" | ").append(verdict(a <= 0 || b / a >= 5))
                            .append(" |\n");
                }
            }
        }
        for (Map<String, Object> m : million) {
            md.append("| no growth over a million prepare/close cycles (").append(m.get("target")).append(", ")
                    .append(m.get("driver")).append(") | fastest of last 5 ÷ first 5 checkpoints: CPU/op ")
                    .append(String.format(Locale.ROOT, "%.2f", (Double) m.get("cpuGrowth")))
                    .append(", B/op ").append(m.containsKey("allocGrowth")
                            ? String.format(Locale.ROOT, "%.3f", (Double) m.get("allocGrowth")) : "–")
                    .append("; heap after GC ").append(String.format(Locale.ROOT, "%+,.0f B",
                            (Double) m.get("heapGrowthBytes"))).append(" | ")
                    .append("plain".equals(m.get("driver"))
                            ? "reference (the vendor driver alone: " + (Boolean.TRUE.equals(m.get("noGrowth"))
                                    ? "flat" : "not flat either") + ")"
                            : verdict(Boolean.TRUE.equals(m.get("noGrowth")))).append(" |\n");
        }
        ResultRow lo = lbRow(lb, "least-outstanding", "sample");
        ResultRow rr = lbRow(lb, "round-robin", "sample");
        if (lo != null && rr != null) {
            double p99lo = lo.percentiles().getOrDefault("99.0", Double.NaN);
            double p99rr = rr.percentiles().getOrDefault("99.0", Double.NaN);
            md.append("| one slow replica: least-outstanding p99 ≥ 2× better than round-robin | p99 ")
                    .append(ns(p99lo)).append(" µs vs ").append(ns(p99rr)).append(" µs: ")
                    .append(String.format(Locale.ROOT, "%.2f×", p99rr / p99lo)).append(" | ")
                    .append(verdict(p99rr / p99lo >= 2)).append(" |\n");
        }
        md.append('\n');
    }
}
