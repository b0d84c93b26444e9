package io.rwsplit.benchmarks.report;

import static io.rwsplit.benchmarks.report.Cells.ns;
import static io.rwsplit.benchmarks.report.ResultRows.find;
import static io.rwsplit.benchmarks.report.ResultRows.plainFor;
import static io.rwsplit.benchmarks.report.ResultRows.targets;
import static io.rwsplit.benchmarks.report.ResultsReport.DRIVERS;
import static io.rwsplit.benchmarks.report.ResultsReport.OPS;

import java.util.List;
import java.util.Locale;

/**
 * Why this exists: the overhead benchmark is the driver's price per call. This writes its table: per target,
 * operation and driver, time and CPU per operation, bytes allocated, and what each driver adds to the plain one.
 */
final class OverheadSection {
    private OverheadSection() {
    }

    static void append(StringBuilder md, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Overhead\n\n![overhead](overhead.svg)\n\n");
        md.append("| benchmark | target | driver | ns/op ± error | CPU ns/op | B/op | added ns vs plain | added CPU ns |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (String t : targets(rows)) {
            for (String op : OPS) {
                for (String d : DRIVERS) {
                    ResultRow r = find(rows, op, t, d);
                    if (r == null) {
                        continue;
                    }
                    ResultRow plain = plainFor(rows, r);
                    md.append("| ").append(op).append(" | ").append(t).append(" | ").append(d).append(" | ")
                            .append(ns(r.score())).append(" ± ").append(ns(r.error())).append(" | ")
                            .append(ns(r.secondary("cpuNsPerOp"))).append(" | ")
                            .append(ns(r.secondary("gc.alloc.rate.norm"))).append(" | ");
                    if (plain == null || d.equals("plain")) {
                        md.append("– | – |\n");
                    } else {
                        md.append(String.format(Locale.ROOT, "%+,.0f", r.score() - plain.score())).append(" | ")
                                .append(String.format(Locale.ROOT, "%+,.0f",
                                        r.secondary("cpuNsPerOp") - plain.secondary("cpuNsPerOp"))).append(" |\n");
                    }
                }
            }
        }
        md.append('\n');
    }
}
