package io.rwsplit.benchmarks;

import io.rwsplit.benchmarks.support.Drivers;
import io.rwsplit.benchmarks.support.Target;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A million prepare/execute/close cycles of the point select on one long-lived connection, with time per
 * operation (wall and CPU of this thread), bytes allocated per operation by this thread, and heap used after a full
 * GC, at ten checkpoints. Not JMH: one long run is the point. A warm-up of 300,000 cycles comes first and is not
 * counted.
 *
 * <p>No growth means the second half of the run costs what the first half did: the fastest checkpoint of the last
 * five within 25% of the fastest of the first five in CPU per operation, the same comparison within 5% for
 * allocation per operation, and heap after GC within 2 MiB of the first checkpoint. The fastest, not the last: a
 * checkpoint of 100,000 cycles lasts about 0.1 s, so one GC or a neighbour's burst can double it, and H2 itself
 * alternates between two speeds from one checkpoint to the next (the plain driver too); a real growth raises every
 * checkpoint, the fastest included.
 *
 * <p>Run: {@code cd benchmarks && java -Xmx512m -cp target/benchmarks.jar io.rwsplit.benchmarks.MillionCycles
 * [--target h2] [--driver rwsplit] [--cycles 1000000] [--out results/million-cycles.json]}; {@code ./run.sh}
 * runs it for rwsplit and the plain driver on H2.
 */
public final class MillionCycles {
    private MillionCycles() {
    }

    public static void main(String[] args) throws Exception {
        String target = "h2";
        String driver = "rwsplit";
        long cycles = 1_000_000;
        Path out = Path.of("results", "million-cycles-rwsplit.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--target":
                    target = args[++i];
                    break;
                case "--driver":
                    driver = args[++i];
                    break;
                case "--cycles":
                    cycles = Long.parseLong(args[++i]);
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (accepted: --target, --driver, --cycles, --out)");
            }
        }
        String json = run(target, driver, cycles, 10);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, json, StandardCharsets.UTF_8);
        System.out.println(json);
    }

    static String run(String targetName, String driver, long cycles, int checkpoints)
            throws SQLException, IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long perCheckpoint = cycles / checkpoints;
        StringBuilder json = new StringBuilder();
        try (Target target = Target.start(targetName, "");
             Drivers.Opened opened = Drivers.open(driver, target)) {
            Connection conn = opened.connection();
            int[] id = {0};
            for (int i = 0; i < 300_000; i++) {
                cycle(conn, id);
            }
            json.append("{\n  \"target\": \"").append(targetName).append("\",\n  \"driver\": \"").append(driver)
                    .append("\",\n  \"cycles\": ").append(perCheckpoint * checkpoints)
                    .append(",\n  \"checkpoints\": [\n");
            double[] cpu = new double[checkpoints];
            double[] alloc = new double[checkpoints];
            long firstHeap = 0;
            long lastHeap = 0;
            for (int cp = 1; cp <= checkpoints; cp++) {
                long wall0 = System.nanoTime();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getThreadAllocatedBytes(self);
                for (long i = 0; i < perCheckpoint; i++) {
                    cycle(conn, id);
                }
                double wallPerOp = (double) (System.nanoTime() - wall0) / perCheckpoint;
                double cpuPerOp = (double) (threads.getCurrentThreadCpuTime() - cpu0) / perCheckpoint;
                double allocPerOp = (double) (threads.getThreadAllocatedBytes(self) - alloc0) / perCheckpoint;
                long heap = heapAfterGc(memory);
                cpu[cp - 1] = cpuPerOp;
                alloc[cp - 1] = allocPerOp;
                if (cp == 1) {
                    firstHeap = heap;
                }
                lastHeap = heap;
                json.append(String.format(Locale.ROOT,
                        "    {\"cycles\": %d, \"wallNsPerOp\": %.1f, \"cpuNsPerOp\": %.1f, \"allocBytesPerOp\": %.1f,"
                                + " \"heapAfterGcBytes\": %d}%s%n",
                        perCheckpoint * cp, wallPerOp, cpuPerOp, allocPerOp, heap, cp < checkpoints ? "," : ""));
                System.err.printf(Locale.ROOT,
                        "%s %s: %,d cycles, %.0f ns/op wall, %.0f ns/op cpu, %.0f B/op, heap %,d B%n",
                        targetName, driver, perCheckpoint * cp, wallPerOp, cpuPerOp, allocPerOp, heap);
            }
            double cpuGrowth = secondHalfMin(cpu) / firstHalfMin(cpu);
            double allocGrowth = secondHalfMin(alloc) / firstHalfMin(alloc);
            boolean timeFlat = cpuGrowth <= 1.25;
            boolean allocFlat = allocGrowth <= 1.05;
            boolean heapFlat = lastHeap - firstHeap <= 2L * 1024 * 1024;
            json.append("  ],\n");
            json.append(String.format(Locale.ROOT,
                    "  \"cpuGrowth\": %.3f,%n  \"allocGrowth\": %.3f,%n  \"heapGrowthBytes\": %d,%n"
                            + "  \"noGrowth\": %s%n}%n",
                    cpuGrowth, allocGrowth, lastHeap - firstHeap, timeFlat && allocFlat && heapFlat));
        }
        return json.toString();
    }

    private static void cycle(Connection conn, int[] id) throws SQLException {
        int next = id[0] + 1 == Target.ROWS ? 0 : id[0] + 1;
        id[0] = next;
        try (PreparedStatement ps = conn.prepareStatement(OverheadBenchmark.POINT_SELECT)) {
            ps.setInt(1, next);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("row " + next + " is missing");
                }
            }
        }
    }

    private static double firstHalfMin(double[] v) {
        return java.util.Arrays.stream(v, 0, v.length / 2).min().orElseThrow();
    }

    private static double secondHalfMin(double[] v) {
        return java.util.Arrays.stream(v, v.length - v.length / 2, v.length).min().orElseThrow();
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
