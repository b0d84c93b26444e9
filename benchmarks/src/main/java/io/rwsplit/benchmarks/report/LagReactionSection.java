package io.rwsplit.benchmarks.report;

import static io.rwsplit.benchmarks.report.Cells.ns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why this exists: bounded staleness is a promise about time, measured on real replication. This writes the lag
 * reaction benchmark's table (per vendor, how long until a stale replica is avoided and until a recovered one
 * serves again) and what its figures are made of.
 */
final class LagReactionSection {
    private LagReactionSection() {
    }

    /** Per vendor, per direction: the shots of {@code LagReactionBenchmark} (SingleShotTime, milliseconds). */
    static void append(StringBuilder md, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ResultRow any = rows.get(0);
        md.append("## Lag reaction\n\n");
        md.append("A primary and one replica on loopback per vendor, a writer committing on the primary every ")
                .append(any.param("writeIntervalMs")).append(" ms, and one rwsplit connection (`readYourWrites=off`)")
                .append(" reading one row in a loop without pause. **stale → avoided**: from pausing apply on the")
                .append(" replica (and one commit on the primary) to the first read that runs on the primary because")
                .append(" the replica is stale. **recovered → serving**: from resuming apply to the first read the")
                .append(" replica serves again. Each row is one JMH fork with its own topology; each shot starts at a")
                .append(" random point of the probe schedule.\n\n");
        md.append("| vendor | reaction | maxReplicaLag | probe interval | shots | median ms | mean ms | max ms |")
                .append(" injection ms (mean) | reads/ms | reads the other way after |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> vendors = new ArrayList<>();
        for (ResultRow r : rows) {
            if (!vendors.contains(r.param("vendor"))) {
                vendors.add(r.param("vendor"));
            }
        }
        for (String v : vendors) {
            for (String[] m : new String[][] {{"staleToAvoided", "stale → avoided"},
                    {"recoveredToServing", "recovered → serving"}}) {
                for (ResultRow r : rows) {
                    if (!r.param("vendor").equals(v) || !r.method().equals(m[0])) {
                        continue;
                    }
                    double injection = r.secondary("injectionMs");
                    double rate = r.secondary("loopReads") / (r.score() - injection);
                    md.append("| ").append(v).append(" | ").append(m[1]).append(" | ")
                            .append(r.param("maxReplicaLag")).append(" | ")
                            .append(ns(r.secondary("probeIntervalMs"))).append(" ms | ").append(r.samples())
                            .append(" | ").append(ns(r.percentiles().getOrDefault("50.0", Double.NaN))).append(" | ")
                            .append(ns(r.score())).append(" | ")
                            .append(ns(r.percentiles().getOrDefault("100.0", Double.NaN))).append(" | ")
                            .append(ns(injection)).append(" | ").append(ns(rate)).append(" | ")
                            .append(String.format(Locale.ROOT, "%.0f", r.secondary("wrongReads"))).append(" |\n");
                }
            }
        }
        md.append("\nWhat the figures are made of: rwsplit counts a replica's staleness from the newest primary")
                .append(" position sample (one per probe interval) the replica has been seen to apply, and avoids")
                .append(" the replica once that exceeds `maxReplicaLag`. When apply stops, that sample is already 0")
                .append(" to 1 probe interval old (more if the replica, or its probe, was already behind: on a loaded")
                .append(" machine, now and then), so **stale → avoided** is `maxReplicaLag` minus up to one probe")
                .append(" interval, plus the injection (the fixture call that pauses apply, and the commit).")
                .append(" Once avoided, the replica gets no read until it has caught up: the gate admits it again only")
                .append(" at or below the readmission level (80% of the bound, and at least one probe interval under")
                .append(" it), and a paused replica's staleness only grows; the last column counts the reads, during")
                .append(" two probe intervals after each shot, that went back to the paused replica (or left the")
                .append(" recovered one), over all shots. **recovered → serving** is the")
                .append(" injection, the catch-up until the replica is at or below the readmission level, and the wait")
                .append(" for its")
                .append(" next probe (up")
                .append(" to one probe interval; one more when a probe comes a little too early in the catch-up).")
                .append(" The probe interval is the one in effect, the driver's default unless set: a quarter of")
                .append(" `maxReplicaLag`, at most 250 ms.\n\n");
    }
}
