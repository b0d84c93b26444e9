package io.rwsplit.benchmarks.report;

import io.rwsplit.benchmarks.OverheadBenchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON results under {@code benchmarks/results/} into {@code RESULTS.md} (tables, the targets
 * checked, the machine described) and {@code overhead.svg} (a bar chart of the overhead benchmark).
 *
 * <p>Run: {@code cd benchmarks && java -cp target/benchmarks.jar io.rwsplit.benchmarks.report.ResultsReport
 * [results]} ({@code ./run.sh} does it last). Reads {@code overhead.json}, {@code classification.json},
 * {@code loadbalancing.json}, {@code lagreaction.json}, {@code million-cycles-*.json} and {@code machine.txt};
 * missing files leave their section out.
 */
public final class ResultsReport {
    static final String[] OPS = {"pointSelectReused", "updateReused", "prepareExecuteClose", "newSqlText"};
    static final String[] DRIVERS = {"plain", "plain-split", "rwsplit", "shardingsphere"};

    private ResultsReport() {
    }

    /** One JMH result row. */
    record Row(String benchmark, String method, String mode, Map<String, String> params, double score,
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

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "results");
        String md = render(dir);
        Files.writeString(dir.resolve("RESULTS.md"), md, StandardCharsets.UTF_8);
        List<Row> overhead = loadOverhead(dir);
        if (!overhead.isEmpty()) {
            Files.writeString(dir.resolve("overhead.svg"), OverheadChart.svg(overhead), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + dir.resolve("RESULTS.md") + (overhead.isEmpty() ? "" : " and overhead.svg"));
    }

    /** {@code overhead-h2.json} and {@code overhead-loopback.json} ({@code overhead.json} of a hand-made run too). */
    static List<Row> loadOverhead(Path dir) throws IOException {
        List<Row> rows = load(dir.resolve("overhead.json"));
        rows.addAll(load(dir.resolve("overhead-h2.json")));
        rows.addAll(load(dir.resolve("overhead-loopback.json")));
        rows.addAll(load(dir.resolve("overhead-loopback-shardingsphere.json")));
        return rows;
    }

    @SuppressWarnings("unchecked")
    static List<Row> load(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
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
            Row row = new Row(benchmark, method, (String) m.get("mode"), params, num(primary.get("score")),
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

    static Row find(List<Row> rows, String method, String target, String driver) {
        for (Row r : rows) {
            if (r.method().equals(method) && r.param("target").equals(target) && r.param("driver").equals(driver)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The plain driver's row to compare {@code r} with: the one interleaved with it in the same fork when there is
     * one, else the plain row of the same operation and target.
     */
    static Row plainFor(List<Row> rows, Row r) {
        String group = r.param("drivers");
        if (group.contains("/")) {
            for (Row x : rows) {
                if (x.method().equals(r.method()) && x.param("target").equals(r.param("target"))
                        && x.param("driver").equals("plain") && x.param("drivers").equals(group)) {
                    return x;
                }
            }
        }
        return find(rows, r.method(), r.param("target"), "plain");
    }

    static List<String> targets(List<Row> rows) {
        List<String> t = new ArrayList<>();
        for (Row r : rows) {
            if (!t.contains(r.param("target"))) {
                t.add(r.param("target"));
            }
        }
        return t;
    }

    static String render(Path dir) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# rwsplit benchmark results\n\n");
        md.append("Generated by `io.rwsplit.benchmarks.report.ResultsReport` from the JMH JSON files in this directory")
                .append(" (see `benchmarks/README.md` for the commands). Times are per operation; \"CPU\" is the CPU")
                .append(" time of the calling thread per operation; B/op is `gc.alloc.rate.norm` from `-prof gc`.")
                .append(" \"Added\" is the difference to the plain vendor driver on the same target in the same run.")
                .append(" `plain` reads and writes on the primary; `plain-split` is the plain driver reading from a")
                .append(" replica and writing to the primary, the like-for-like baseline for rwsplit's reads on a real")
                .append(" target (a standby may answer a read in another time than the primary).\n\n")
                .append("On H2 each driver runs in JMH forks of its own. On loopback the drivers are interleaved in one")
                .append(" fork per operation, one iteration each in turn (A B C, C B A, ...), on one topology, with the")
                .append(" JVM and the database servers on one CPU (`taskset`, unless `RWSPLIT_BENCH_PIN=no`): across")
                .append(" CPUs a round trip waits for the other CPU to wake up, which on this virtual machine moved it")
                .append(" by tens of percent from one second to the next. Loopback differences are paired by round;")
                .append(" the 3% target is judged on the median paired difference, shown with the mean and its 99.9%")
                .append(" interval.\n\n");
        machine(md, dir);
        List<Row> overhead = loadOverhead(dir);
        List<Row> lb = load(dir.resolve("loadbalancing.json"));
        List<Map<String, Object>> million = new ArrayList<>();
        for (String d : DRIVERS) {
            Path f = dir.resolve("million-cycles-" + d + ".json");
            if (Files.exists(f)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(f, StandardCharsets.UTF_8));
                million.add(m);
            }
        }
        targetsSection(md, overhead, lb, million);
        overheadSection(md, overhead);
        classificationSection(md, load(dir.resolve("classification.json")));
        loadBalancingSection(md, lb);
        lagReactionSection(md, load(dir.resolve("lagreaction.json")));
        millionSection(md, million);
        return md.toString();
    }

    private static void machine(StringBuilder md, Path dir) throws IOException {
        md.append("## Machine\n\n");
        md.append("| what | value |\n|---|---|\n");
        md.append("| CPUs (nproc) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        md.append("| CPU model | ").append(cpuModel()).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" |\n");
        Path info = dir.resolve("machine.txt");
        if (Files.exists(info)) {
            for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    md.append("| ").append(line, 0, eq).append(" | ").append(line.substring(eq + 1).trim())
                            .append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String ns(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**not met**";
    }

    private static void targetsSection(StringBuilder md, List<Row> overhead, List<Row> lb,
                                       List<Map<String, Object>> million) {
        md.append("## Targets of issue 7\n\n");
        md.append("| target | measured | verdict |\n|---|---|---|\n");
        for (String op : new String[] {"pointSelectReused", "updateReused", "prepareExecuteClose"}) {
            Row plain = find(overhead, op, "h2", "plain");
            Row rw = find(overhead, op, "h2", "rwsplit");
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
                Row plain = find(overhead, op, t, "plain");
                Row split = find(overhead, op, t, "plain-split");
                Row rw = find(overhead, op, t, "rwsplit");
                // Reads are judged against the plain driver reading from a replica too (plain-split) when it ran:
                // a standby may answer in another time than the primary, which is not the driver's doing.
                Row base = split != null ? split : plain;
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
                Row plain = find(overhead, op, t, "plain");
                Row rw = find(overhead, op, t, "rwsplit");
                Row ss = find(overhead, op, t, "shardingsphere");
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
        Row lo = lbRow(lb, "least-outstanding", "sample");
        Row rr = lbRow(lb, "round-robin", "sample");
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

    private static Row lbRow(List<Row> lb, String balancer, String mode) {
        for (Row r : lb) {
            if (r.param("loadBalance").equals(balancer) && r.mode().equals(mode)) {
                return r;
            }
        }
        return null;
    }

    private static void overheadSection(StringBuilder md, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Overhead\n\n![overhead](overhead.svg)\n\n");
        md.append("| benchmark | target | driver | ns/op ± error | CPU ns/op | B/op | added ns vs plain | added CPU ns |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (String t : targets(rows)) {
            for (String op : OPS) {
                for (String d : DRIVERS) {
                    Row r = find(rows, op, t, d);
                    if (r == null) {
                        continue;
                    }
                    Row plain = plainFor(rows, r);
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

    private static void classificationSection(StringBuilder md, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Classification alone\n\n");
        md.append("| dialect | statement | cache hit ns/op | B/op | new literal ns/op | B/op | cache miss (new shape) ns/op "
                + "| B/op |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        List<String> seen = new ArrayList<>();
        for (Row r : rows) {
            String key = r.param("dialect") + "/" + r.param("statement");
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            Row hit = null;
            Row literal = null;
            Row miss = null;
            for (Row x : rows) {
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
            for (Row x : new Row[] {hit, literal, miss}) {
                md.append(x == null ? "–" : ns(x.score()) + " ± " + ns(x.error())).append(" | ")
                        .append(x == null ? "–" : ns(x.secondary("gc.alloc.rate.norm"))).append(" | ");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        }
        md.append('\n');
    }

    private static void loadBalancingSection(StringBuilder md, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Row any = rows.get(0);
        md.append("## Load balancing with one slow replica\n\n");
        md.append("Stub driver (no I/O): two replicas answer in ").append(any.param("fastMicros"))
                .append(" µs, one in ").append(any.param("slowMicros"))
                .append(" µs; 8 threads, each on its own rwsplit connection, autocommit point reads.\n\n");
        md.append("| balancer | throughput ops/s | mean µs | p50 µs | p95 µs | p99 µs | p99.9 µs |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String b : new String[] {"least-outstanding", "round-robin", "random"}) {
            Row thrpt = lbRow(rows, b, "thrpt");
            Row sample = lbRow(rows, b, "sample");
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

    /** Per vendor, per direction: the shots of {@code LagReactionBenchmark} (SingleShotTime, milliseconds). */
    private static void lagReactionSection(StringBuilder md, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Row any = rows.get(0);
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
        for (Row r : rows) {
            if (!vendors.contains(r.param("vendor"))) {
                vendors.add(r.param("vendor"));
            }
        }
        for (String v : vendors) {
            for (String[] m : new String[][] {{"staleToAvoided", "stale → avoided"},
                    {"recoveredToServing", "recovered → serving"}}) {
                for (Row r : rows) {
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

    @SuppressWarnings("unchecked")
    private static void millionSection(StringBuilder md, List<Map<String, Object>> million) {
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
