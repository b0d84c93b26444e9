package io.rwsplit.benchmarks.report;

import static io.rwsplit.benchmarks.report.Cells.ns;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why this exists: a leak shows only over many cycles. This writes the checkpoints of the million
 * prepare/execute/close cycles on one connection: time, CPU and bytes per operation, and heap after a full GC.
 */
final class MillionCyclesSection {
    private MillionCyclesSection() {
    }

    @SuppressWarnings("unchecked")
    static void append(StringBuilder md, List<Map<String, Object>> million) {
        if (million.isEmpty()) {
            return;
        }
        md.append("## A million prepare/execute/close cycles on one connection\n\n");
        md.append("Checkpoints every 100,000 cycles, after a 300,000-cycle warm-up; B/op is what the calling thread "
                + "allocated; heap used after a full GC. No growth: the fastest of the last five checkpoints within 25% "
                + "of the fastest of the first five in CPU/op and within 5% in B/op, and heap after GC within 2 MiB.\n\n");
        md.append("| target | driver | cycles | wall ns/op | CPU ns/op | B/op | heap after GC (B) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> m : million) {
            for (Object o : (List<Object>) m.get("checkpoints")) {
                Map<String, Object> c = (Map<String, Object>) o;
                md.append("| ").append(m.get("target")).append(" | ").append(m.get("driver")).append(" | ")
                        .append(String.format(Locale.ROOT, "%,.0f", (Double) c.get("cycles"))).append(" | ")
                        .append(ns((Double) c.get("wallNsPerOp"))).append(" | ")
                        .append(ns((Double) c.get("cpuNsPerOp"))).append(" | ")
                        .append(c.containsKey("allocBytesPerOp")
                                ? String.format(Locale.ROOT, "%,.0f", (Double) c.get("allocBytesPerOp")) : "–")
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%,.0f", (Double) c.get("heapAfterGcBytes")))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }
}
