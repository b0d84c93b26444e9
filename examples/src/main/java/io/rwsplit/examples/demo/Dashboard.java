package io.rwsplit.examples.demo;

import io.rwsplit.driver.internal.Cluster;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.driver.internal.NodeRole;
import io.rwsplit.examples.demo.ShopWorkload.Op;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.routing.Reason;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches rwsplit's node table five times a second (nodes discovery added or drained, role, reachability, circuit
 * breaker, lag exclusion) and turns changes into events; redraws the terminal once a second. On a terminal the frame replaces the previous one (ANSI
 * home and clear); otherwise frames are appended.
 */
final class Dashboard implements AutoCloseable {
    private static final String CLEAR = "\033[H\033[2J";
    private static final Set<Reason> FALLBACKS = EnumSet.of(Reason.ALL_REPLICAS_STALE, Reason.NO_REPLICA_AVAILABLE,
            Reason.READ_YOUR_WRITES, Reason.MONOTONIC_FLOOR);

    /** What the dashboard last saw of a node, to report changes once. */
    private record Seen(NodeRole role, boolean reachable, String breaker, boolean excluded) {
    }

    /** Counters at one moment, to compute a phase's share of them. */
    record Counters(Map<String, Long> statementsByNode, Map<String, Map<String, Long>> reasonsByNode,
            Map<String, Long> reasons, Map<String, Long> ok, Map<String, Long> failed, long writesOnReplicas) {
    }

    private final PrintStream out;
    private final boolean ansi;
    private final String title;
    private final String url;
    private final Cluster cluster;
    private final ShopWorkload workload;
    private final ReplicaWriteWatch writeWatch;
    private final EventLog events;
    private final long expectedMillis;
    private final ReplicationTopology topology;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Long> maxLag = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-dashboard");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "starting";
    private volatile String phaseDescription = "";
    private volatile int phaseIndex;
    private volatile int phases;
    private volatile long writesOnReplicas;
    private long lastFrameStatements;
    private long lastFrameOps;
    private long lastFrameNanos = System.nanoTime();
    private int ticks;

    Dashboard(PrintStream out, boolean ansi, String title, String url, Cluster cluster, ReplicationTopology topology,
            ShopWorkload workload, ReplicaWriteWatch writeWatch, EventLog events, long expectedMillis) {
        this.out = out;
        this.ansi = ansi;
        this.title = title;
        this.url = url;
        this.cluster = cluster;
        this.workload = workload;
        this.writeWatch = writeWatch;
        this.events = events;
        this.expectedMillis = expectedMillis;
        this.topology = topology;
        for (DbNode n : topology.nodes()) {
            names.put(n.address(), n.name());
        }
        for (Node n : cluster.nodes()) {
            seen.put(n.id(), new Seen(n.role(), n.isReachable(), n.breakerState(), cluster.isExcludedForLag(n)));
        }
    }

    /** The fixture's name of a node ({@code node1}), from its {@code host:port}. */
    String name(String address) {
        String name = names.get(address);
        if (name == null) {
            // a node the fixture started after the dashboard did
            for (DbNode n : topology.nodes()) {
                names.putIfAbsent(n.address(), n.name());
            }
            name = names.get(address);
        }
        return name == null ? address : name;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, 200, TimeUnit.MILLISECONDS);
    }

    void phase(int index, int count, String name, String description) {
        this.phaseIndex = index;
        this.phases = count;
        this.phase = name;
        this.phaseDescription = description;
    }

    /** The highest staleness seen on each node while it was a replica, in milliseconds. */
    Map<String, Long> maxLag() {
        return new TreeMap<>(maxLag);
    }

    private void tick() {
        try {
            observe();
            if (ticks++ % 5 == 0) {
                try {
                    writesOnReplicas = writeWatch.checkpoint();
                } catch (SQLException | RuntimeException e) {
                    // a node went down between the check and the query: counted at the next checkpoint
                }
                out.print(frame());
                out.flush();
            }
        } catch (RuntimeException e) {
            events.add("dashboard: " + e);
        }
    }

    private void observe() {
        Map<String, Long> lag = cluster.replicaLagMillis();
        lag.forEach((id, ms) -> {
            if (ms >= 0) {
                maxLag.merge(name(id), ms, Math::max);
            }
        });
        Node[] nodes = cluster.nodes();
        Set<String> ids = new java.util.HashSet<>();
        for (Node n : nodes) {
            ids.add(n.id());
            Seen now = new Seen(n.role(), n.isReachable(), n.breakerState(), cluster.isExcludedForLag(n));
            Seen before = seen.put(n.id(), now);
            String name = name(n.id());
            if (before == null) {
                // only discovery adds nodes here: the demo never calls addReplica
                events.add("rwsplit discovery: " + name + " (" + n.id() + ") found in the primary's replica list:"
                        + " added as a " + now.role + ", reads once fresh");
                continue;
            }
            if (before.reachable != now.reachable) {
                events.add(now.reachable ? "rwsplit: " + name + " answers probes again"
                        : "rwsplit: " + name + " does not answer probes");
            }
            if (before.role != now.role) {
                events.add("rwsplit: " + name + " is now " + now.role
                        + (now.role == NodeRole.PRIMARY ? " (writes go there)" : ""));
            }
            // HALF_OPEN comes and goes every second while a node is down: only opening and closing are events
            if (!before.breaker.equals(now.breaker) && !"HALF_OPEN".equals(now.breaker)
                    && !("OPEN".equals(now.breaker) && "HALF_OPEN".equals(before.breaker))) {
                events.add("rwsplit: " + name + " circuit breaker " + now.breaker);
            }
            if (before.excluded != now.excluded) {
                events.add(now.excluded ? "rwsplit: " + name + " excluded from reads: staler than maxReplicaLag"
                        : "rwsplit: " + name + " fresh again: back in the read rotation");
            }
        }
        observeDrained(ids);
    }

    private void observeDrained(Set<String> ids) {
        seen.keySet().removeIf(id -> {
            if (ids.contains(id)) {
                return false;
            }
            events.add("rwsplit discovery: " + name(id) + " no longer listed and not answering: drained");
            return true;
        });
    }

    /** The current frame, as printed. */
    String frame() {
        long nowNanos = System.nanoTime();
        double seconds = Math.max(0.001, (nowNanos - lastFrameNanos) / 1e9);
        lastFrameNanos = nowNanos;
        StringBuilder sb = new StringBuilder(4096);
        sb.append(ansi ? CLEAR : "\n" + "-".repeat(100) + "\n");
        long at = events.elapsedMillis();
        sb.append(String.format("rwsplit demo: %s   %s of about %s%n", title, clock(at), clock(expectedMillis)));
        sb.append(url).append('\n');
        sb.append(String.format("phase %d/%d  %s: %s%n%n", phaseIndex, phases, phase, phaseDescription));

        Node[] nodes = cluster.nodes();
        Map<String, Long> lag = cluster.replicaLagMillis();
        long total = 0;
        for (Node n : nodes) {
            total += n.statements();
        }
        long delta = total - lastFrameStatements;
        lastFrameStatements = total;
        sb.append(String.format("%-6s %-16s %-8s %-9s %-9s %7s  %-6s %8s %11s %6s%n", "node", "address", "role",
                "reachable", "breaker", "lag ms", "reads", "stmts/s", "statements", "share"));
        Map<String, Long> rates = nodeRates(nodes, seconds);
        for (Node n : nodes) {
            Long l = lag.get(n.id());
            String lagText = n.role() != NodeRole.REPLICA ? "-" : l == null || l < 0 ? "?" : Long.toString(l);
            sb.append(String.format("%-6s %-16s %-8s %-9s %-9s %7s  %-6s %8d %11d %5.1f%%%n", name(n.id()), n.id(),
                    n.role(), n.isReachable() ? "yes" : "NO", n.breakerState(), lagText, readState(n),
                    rates.get(n.id()), n.statements(), total == 0 ? 0.0 : 100.0 * n.statements() / total));
        }
        sb.append(String.format("%67s %8d%n", "all nodes", Math.round(delta / seconds)));

        sb.append("\nstatements by routing reason\n ");
        int width = 1;
        for (Reason r : Reason.values()) {
            long c = cluster.routedWith(r);
            if (c > 0 && !FALLBACKS.contains(r)) {
                String item = String.format(" %s %d ", r.code(), c);
                if (width + item.length() > 100) {
                    sb.append("\n ");
                    width = 1;
                }
                sb.append(item);
                width += item.length();
            }
        }
        sb.append("\nreads that fell back to the primary\n ");
        for (Reason r : FALLBACKS) {
            sb.append(String.format(" %s %d ", r.code(), cluster.routedWith(r)));
        }

        long ok = workload.okTotal();
        long failed = workload.failedTotal();
        long ops = ok + failed - lastFrameOps;
        lastFrameOps = ok + failed;
        sb.append(String.format("%n%nworkload  %d ok  %d failed%s   %d ops/s%n ", ok, failed,
                failed == 0 ? "" : " " + workload.errorsBySqlState(), Math.round(ops / seconds)));
        Map<Op, Long> okByOp = workload.ok();
        Map<Op, Long> failedByOp = workload.failed();
        for (Op op : Op.values()) {
            long f = failedByOp.get(op);
            sb.append(String.format(" %s %d%s ", op.label, okByOp.get(op), f == 0 ? "" : "/" + f + " failed"));
        }
        sb.append(String.format("%n  read-your-writes violations %d   data-changing statements on replicas %d%n",
                workload.readYourWritesViolations(), writesOnReplicas));

        sb.append("\nevents\n");
        List<EventLog.Event> recent = events.recent();
        for (EventLog.Event e : recent) {
            String line = "  " + e;
            sb.append(line.length() > 118 ? line.substring(0, 115) + "..." : line).append('\n');
        }
        return sb.toString();
    }

    private final Map<String, Long> lastNodeStatements = new HashMap<>();

    private Map<String, Long> nodeRates(Node[] nodes, double seconds) {
        Map<String, Long> rates = new LinkedHashMap<>();
        for (Node n : nodes) {
            long s = n.statements();
            Long before = lastNodeStatements.put(n.id(), s);
            rates.put(n.id(), before == null ? 0 : Math.round((s - before) / seconds));
        }
        return rates;
    }

    private String readState(Node n) {
        if (n.role() == NodeRole.PRIMARY) {
            return "-";
        }
        if (!n.isReachable() || !n.breakerAllows() || n.role() == NodeRole.UNKNOWN) {
            return "down";
        }
        return cluster.isExcludedForLag(n) ? "STALE" : "fresh";
    }

    private static String clock(long millis) {
        return String.format("%d:%02d", millis / 60_000, millis / 1000 % 60);
    }

    /** The counters now, with nodes named as the fixture names them. */
    Counters counters() {
        Map<String, Long> byNode = new TreeMap<>();
        Map<String, Map<String, Long>> reasonsByNode = new TreeMap<>();
        for (Node n : cluster.nodes()) {
            byNode.put(name(n.id()), n.statements());
            Map<String, Long> r = new LinkedHashMap<>();
            for (Reason reason : Reason.values()) {
                r.put(reason.code(), n.routedWith(reason));
            }
            reasonsByNode.put(name(n.id()), r);
        }
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            reasons.put(r.code(), cluster.routedWith(r));
        }
        Map<String, Long> ok = new LinkedHashMap<>();
        Map<String, Long> failed = new LinkedHashMap<>();
        workload.ok().forEach((op, c) -> ok.put(op.label, c));
        workload.failed().forEach((op, c) -> failed.put(op.label, c));
        long writes;
        try {
            writes = writeWatch.checkpoint();
        } catch (SQLException e) {
            writes = writeWatch.total();
        }
        return new Counters(byNode, reasonsByNode, reasons, ok, failed, writes);
    }

    /** {@code later - earlier}, zero counts left out of the per-reason maps. */
    static Counters minus(Counters later, Counters earlier) {
        Map<String, Map<String, Long>> reasonsByNode = new TreeMap<>();
        later.reasonsByNode.forEach((node, m) -> reasonsByNode.put(node,
                nonZero(minus(m, earlier.reasonsByNode.getOrDefault(node, Map.of())))));
        return new Counters(minus(later.statementsByNode, earlier.statementsByNode), reasonsByNode,
                nonZero(minus(later.reasons, earlier.reasons)), minus(later.ok, earlier.ok),
                minus(later.failed, earlier.failed), later.writesOnReplicas - earlier.writesOnReplicas);
    }

    static Map<String, Long> nonZero(Map<String, Long> m) {
        Map<String, Long> r = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                r.put(k, v);
            }
        });
        return r;
    }

    private static Map<String, Long> minus(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> r = new LinkedHashMap<>();
        later.forEach((k, v) -> r.put(k, v - earlier.getOrDefault(k, 0L)));
        return r;
    }

    /** Stops the timer; prints a last frame. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints one more frame now (the last one before the summary). */
    void printFrame() {
        observe();
        out.print(frame());
        out.flush();
    }
}
