package io.rwsplit.benchmarks.report;

import static io.rwsplit.benchmarks.report.Cells.ns;

import java.util.ArrayList;
import java.util.List;

/**
 * Why this exists: classification is on every statement's path, and its cost depends on the cache. This writes the
 * classification benchmark's table: per dialect and statement, a cache hit, a new literal and a cache miss.
 */
final class ClassificationSection {
    private ClassificationSection() {
    }

    static void append(StringBuilder md, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Classification alone\n\n");
        md.append("| dialect | statement | cache hit ns/op | B/op | new literal ns/op | B/op | cache miss (new shape) ns/op "
                + "| B/op |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        List<String> seen = new ArrayList<>();
        for (ResultRow r : rows) {
            String key = r.param("dialect") + "/" + r.param("statement");
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            ResultRow hit = null;
            ResultRow literal = null;
            ResultRow miss = null;
            for (ResultRow x : rows) {
                if ((x.param("dialect") + "/" + x.param("statement")).equals(key)) {
                    if (x.method().equals("cacheHit")) {
                        hit = x;
                    } else if (x.method().equals("newLiteral")) {
                        literal = x;
                    } else if (x.method().equals("cacheMiss")) {
                        miss = x;
                    }
                }
            }
            md.append("| ").append(r.param("dialect")).append(" | ").append(r.param("statement")).append(" | ");
            for (ResultRow x : new ResultRow[] {hit, literal, miss}) {
                md.append(x == null ? "–" : ns(x.score()) + " ± " + ns(x.error())).append(" | ")
                        .append(x == null ? "–" : ns(x.secondary("gc.alloc.rate.norm"))).append(" | ");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        }
        md.append('\n');
    }
}
