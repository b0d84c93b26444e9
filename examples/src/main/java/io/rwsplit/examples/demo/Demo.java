package io.rwsplit.examples.demo;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Cluster;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.FixturePaths;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.NodeAddressing;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's first command: an embedded MariaDB primary with one replica (or PostgreSQL with
 * {@code --postgresql}), a small shop running through one {@code jdbc:rwsplit:} URL that names the primary alone
 * ({@code discovery=primary}), and a live view of where its statements go while the demo adds a second replica at
 * run time, pauses a replica's apply, kills and restarts a replica, kills the primary, promotes a replica and
 * rebuilds the old primary as a replica. rwsplit finds every replica by asking the primary of the moment which
 * replicas it serves: the demo never calls rwsplit's API nor changes its configuration. It ends by itself with a
 * summary; Ctrl-C stops every database process it started.
 *
 * <pre>
 * mvn -B -ntp -q -pl examples -am compile exec:java                                  # MariaDB, about 2 minutes
 * mvn -B -ntp -q -pl examples -am compile exec:java -Dexec.args=--postgresql         # PostgreSQL
 * mvn -B -ntp -q -pl examples -am compile exec:java -Dexec.args="--short"            # about 30 seconds
 * </pre>
 *
 * Options: {@code --postgresql}, {@code --short} (a quick scenario), {@code --seconds N} (stretch or shrink the
 * scenario to about N seconds), {@code --plain} (append frames instead of redrawing the screen).
 */
public final class Demo {

    /**
     * rwsplit options of the demo's URL: replicas are those the primary lists, asked every second (the default is
     * 10 s; a demo phase lasts a few seconds).
     */
    static final String URL_OPTIONS = "criticalTables=inventory,payments&maxReplicaLag=500ms&discovery=primary"
            + "&discoveryInterval=1s";

    /**
     * How to run the demo.
     *
     * @param flavor MariaDB or PostgreSQL
     * @param shortRun the quick scenario (about 25 s) instead of the full one (about 80 s)
     * @param scenarioSeconds stretches the scenario to about this many seconds; 0 keeps its own length
     * @param topologyName the topology's directory below {@code target/topologies/<flavor>-}
     * @param ansi redraw the screen for each frame (a terminal) rather than append frames
     */
    public record Options(Flavor flavor, boolean shortRun, int scenarioSeconds, String topologyName, boolean ansi) {

        /** Parses the command line; throws IllegalArgumentException with a usage line on a bad argument. */
        public static Options parse(String... args) {
            Flavor flavor = Flavor.MARIADB;
            boolean shortRun = false;
            int seconds = 0;
            boolean ansi = System.console() != null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--postgresql", "--postgres" -> flavor = Flavor.POSTGRESQL;
                    case "--mariadb" -> flavor = Flavor.MARIADB;
                    case "--short" -> shortRun = true;
                    case "--plain" -> ansi = false;
                    case "--seconds" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--seconds needs a number\n" + USAGE);
                        }
                        try {
                            seconds = Integer.parseInt(args[++i]);
                        } catch (NumberFormatException e) {
                            seconds = -1;
                        }
                        if (seconds < 10 || seconds > 3600) {
                            throw new IllegalArgumentException("--seconds must be 10 to 3600, but was " + args[i]
                                    + "\n" + USAGE);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
                }
            }
            return new Options(flavor, shortRun, seconds, "demo", ansi);
        }

        String database() {
            return flavor == Flavor.POSTGRESQL ? "PostgreSQL" : "MariaDB";
        }
    }

    static final String USAGE = "usage: Demo [--postgresql] [--short | --seconds N] [--plain]";

    private Demo() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // The driver's and the fixtures' log lines would tear the dashboard: they go to a file.
        Path log = FixturePaths.targetDir().resolve("demo-" + options.flavor().urlVendor() + ".log");
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        }
        try {
            Summary summary = run(options, System.out);
            Path eventsFile = FixturePaths.targetDir().resolve("demo-" + options.flavor().urlVendor() + "-events.txt");
            Files.createDirectories(eventsFile.getParent());
            Files.write(eventsFile, summary.events());
            System.out.println("  every event of the run: " + eventsFile);
            if (Files.exists(log) && Files.size(log) > 0) {
                System.out.println("  logs of rwsplit and the fixtures: " + log);
            }
        } catch (Exception e) {
            System.out.println();
            System.err.println("the demo failed: " + e);
            e.printStackTrace();
            System.err.println("logs of rwsplit and the fixtures: " + log);
            System.exit(1);
        }
    }

    /** One scenario step: what is done at its start, and how long the phase lasts. */
    private record Step(String name, String description, long millis, boolean timedFromActionEnd,
            Action action) {
    }

    private interface Action {
        void run() throws SQLException;
    }

    /**
     * Runs the demo: starts the topology, the workload and the dashboard, plays the scenario, prints and returns
     * the summary. Every database process is stopped before it returns, and by a shutdown hook on Ctrl-C.
     */
    public static Summary run(Options options, PrintStream out) throws SQLException, InterruptedException {
        long t0 = System.nanoTime();
        EventLog events = new EventLog(t0, 8);
        Resources res = new Resources();
        Thread hook = new Thread(res::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("rwsplit demo: starting an embedded %s primary with one replica under %s%n"
                    + "(the first run unpacks the database binaries: up to a minute)%n", options.database(),
                    FixturePaths.topologiesDir());
            out.flush();
            // Each node on a loopback address of its own, all on one port: replicas report themselves to the
            // primary at their address (MariaDB report_host, PostgreSQL application_name), and the primary's listing
            // is all rwsplit knows of them.
            ReplicationTopology topology = SharedTopologies.newTopology(options.flavor(), options.topologyName(), 1,
                    NodeAddressing.ADDRESS_PER_NODE);
            res.topology = topology;
            events.add("topology up: primary " + topology.primary().name() + ", replicas "
                    + topology.replicas().stream().map(DbNode::name).toList());

            RwSplitDataSource ds = new RwSplitDataSource();
            res.dataSource = ds;
            // The URL names the primary alone: rwsplit finds the replicas in the primary's listing.
            String url = "jdbc:rwsplit:" + options.flavor().urlVendor() + "://" + topology.primary().address() + "/"
                    + topology.database() + "?" + URL_OPTIONS;
            ds.setUrl(url);
            ds.setUsername(topology.appUser());
            ds.setPassword(topology.appPassword());
            ds.start();
            Cluster cluster = ds.cluster();
            events.add("rwsplit: the URL names " + topology.primary().name() + " alone; discovery found "
                    + java.util.Arrays.stream(cluster.nodes()).map(n -> nameOf(topology, n.id())).toList());

            ShopWorkload workload = new ShopWorkload(ds, options.flavor(), events::add);
            res.workload = workload;
            workload.createSchema();
            topology.awaitReplication(Duration.ofSeconds(60));
            workload.warmUp();
            events.add("shop created: " + ShopWorkload.PRODUCTS + " products, inventory, payments");

            ReplicaWriteWatch writeWatch = new ReplicaWriteWatch(topology);
            for (DbNode r : topology.replicas()) {
                writeWatch.watch(r);
            }
            List<String> lagAlerts = new CopyOnWriteArrayList<>();
            Dashboard[] dashboardRef = new Dashboard[1];
            ds.addLagListener((nodeId, millis, raised) -> {
                String name = dashboardRef[0] == null ? nodeId : dashboardRef[0].name(nodeId);
                String lag = millis == Long.MAX_VALUE ? "an unknown time" : millis + " ms";
                if (raised) {
                    lagAlerts.add(name + " " + lag);
                    events.add("lag alert: " + name + " lags " + lag + " (maxReplicaLag 500 ms)");
                } else {
                    events.add("lag alert cleared: " + name + " at " + lag);
                }
            });

            DbNode primary = topology.primary();
            DbNode r1 = topology.replicas().get(0);
            List<Step> steps = scenario(options, topology, writeWatch, workload, primary, r1, events, res);
            long scenarioMillis = steps.stream().mapToLong(Step::millis).sum();
            long startupMillis = (System.nanoTime() - t0) / 1_000_000;

            Dashboard dashboard = new Dashboard(out, options.ansi(),
                    options.database() + ", a primary and replicas on 127.0.0.11, .12, ...", "URL " + url, cluster, topology,
                    workload, writeWatch, events, startupMillis + scenarioMillis + 2000);
            dashboardRef[0] = dashboard;
            res.dashboard = dashboard;
            workload.start();
            dashboard.start();

            List<Summary.Phase> phases = new ArrayList<>();
            long scenarioStart = System.nanoTime();
            Dashboard.Counters before = dashboard.counters();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String primaryAtStart = topology.primary().name();
                long start = System.nanoTime();
                dashboard.phase(i + 1, steps.size(), step.name(), step.description());
                if (step.action() != null) {
                    step.action().run();
                }
                long end = (step.timedFromActionEnd() ? System.nanoTime() : start) + step.millis() * 1_000_000;
                long minEnd = System.nanoTime() + Math.min(1000, step.millis() / 2) * 1_000_000;
                sleepUntil(Math.max(end, minEnd));
                Dashboard.Counters after = dashboard.counters();
                Dashboard.Counters d = Dashboard.minus(after, before);
                before = after;
                phases.add(new Summary.Phase(step.name(), step.description(), (System.nanoTime() - start) / 1_000_000,
                        primaryAtStart, topology.primary().name(), d.statementsByNode(), d.reasonsByNode(),
                        d.reasons(), d.ok(), d.failed(), d.writesOnReplicas()));
            }
            long scenarioElapsed = (System.nanoTime() - scenarioStart) / 1_000_000;
            workload.close();
            dashboard.close();
            dashboard.printFrame();

            Dashboard.Counters total = dashboard.counters();
            long killedAt = res.primaryKilledAt;
            long firstWrite = workload.firstWriteOkSinceMark();
            Summary summary = new Summary(options.database(), options.shortRun(), startupMillis, scenarioElapsed,
                    total.ok(), total.failed(), total.statementsByNode(), nonZero(total.reasonsByNode()),
                    Dashboard.nonZero(total.reasons()), dashboard.maxLag(), workload.errorsBySqlState(),
                    workload.errorExamples(),
                    firstWrite == 0 ? -1 : firstWrite - killedAt,
                    firstWrite == 0 ? -1 : Math.max(0, firstWrite - res.promotedAt), writeWatch.byNode(),
                    workload.readYourWritesViolations(), List.copyOf(lagAlerts),
                    cluster.discoveryCounts(), List.copyOf(phases),
                    events.all().stream().map(EventLog.Event::toString).toList());
            out.print(summary.format());
            out.flush();
            return summary;
        } finally {
            res.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
    }

    private static java.util.Map<String, java.util.Map<String, Long>> nonZero(
            java.util.Map<String, java.util.Map<String, Long>> m) {
        java.util.Map<String, java.util.Map<String, Long>> r = new java.util.TreeMap<>();
        m.forEach((k, v) -> r.put(k, Dashboard.nonZero(v)));
        return r;
    }

    /**
     * The scenario: warm up on a primary and one replica; start a second replica (the fixture only: rwsplit finds it
     * in the primary's listing); pause apply on one replica, then on both; resume; kill the added replica and
     * restart it; kill the primary, promote a replica, rebuild the old primary as a replica; cool down.
     */
    private static List<Step> scenario(Options o, ReplicationTopology t, ReplicaWriteWatch watch,
            ShopWorkload workload, DbNode primary, DbNode r1, EventLog events, Resources state) {
        // full-run phase lengths in seconds, and the short run's; the added replica's phase is counted from the
        // moment the fixture has started it (starting it takes a few seconds of its own)
        double[] full = {8, 6, 9, 5, 7, 7, 6, 4, 12, 10, 6};
        // The short cool-down is 4 s: least-outstanding weighs replicas by their measured latency, so a replica just
        // back (cold caches, a backlog to apply) gets few reads until it answers as fast as the others, and it is
        // tried again every second or two until then.
        double[] quick = {2.5, 2, 2.5, 2.5, 2.5, 2.5, 2.5, 2, 3.5, 3, 4};
        double[] secs = o.shortRun() ? quick : full;
        if (o.scenarioSeconds() > 0) {
            double sum = 0;
            for (double s : full) {
                sum += s;
            }
            double factor = o.scenarioSeconds() / sum;
            secs = new double[full.length];
            for (int i = 0; i < full.length; i++) {
                secs[i] = Math.max(quick[i], full[i] * factor);
            }
        }
        String p = primary.name();
        String a = r1.name();
        // the fixture names nodes node1, node2, ... in the order it starts them
        String b = "node" + (t.nodes().size() + 1);
        DbNode[] added = new DbNode[1];
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("warm-up", "catalogue reads on " + a + ", the one replica " + p + " lists; stock,"
                + " payments and writes on " + p, ms(secs[0]), false, null));
        steps.add(new Step(b + " added", "a replica started at run time: " + p + " lists it, rwsplit adds it by"
                + " itself (discovery=primary) and it takes reads once fresh", ms(secs[1]), true, () -> {
                    events.add("scenario: starting a new replica of " + p + " (no call to rwsplit, no configuration"
                            + " change)");
                    DbNode r2 = t.addReplica();
                    added[0] = r2;
                    watch.watch(r2);
                    events.add("scenario: " + r2.name() + " (" + r2.address() + ") replicates from " + p);
                }));
        steps.add(new Step(a + " paused", "apply paused on " + a + ": its lag passes maxReplicaLag (500 ms), its"
                + " reads move to " + b, ms(secs[2]), false, () -> {
                    events.add("scenario: pausing apply on " + a);
                    t.pauseApply(r1);
                }));
        steps.add(new Step("both paused", "apply paused on " + b + " too: no replica is fresh enough, reads fall"
                + " back to " + p, ms(secs[3]), false, () -> {
                    events.add("scenario: pausing apply on " + b + " too");
                    t.pauseApply(added[0]);
                }));
        steps.add(new Step("apply resumed", a + " and " + b + " catch up and take the reads again", ms(secs[4]),
                false, () -> {
                    events.add("scenario: resuming apply on " + a + " and " + b);
                    t.resumeApply(r1);
                    t.resumeApply(added[0]);
                }));
        steps.add(new Step(b + " killed", b + " SIGKILLed: its reads are retried on " + a + "; unlisted by " + p
                + " and not answering, it is drained",
                ms(secs[5]), false, () -> {
                    events.add("scenario: killing " + b + " (SIGKILL)");
                    watch.unwatch(added[0]);
                    t.kill(added[0]);
                }));
        steps.add(new Step(b + " restarted", b + " is back: listed again, rwsplit adds it again; it takes reads once"
                + " caught up", ms(secs[6]),
                false, () -> {
                    events.add("scenario: restarting " + b);
                    watch.beforeStart(added[0]);
                    t.start(added[0]);
                    events.add("scenario: " + b + " is running again");
                }));
        steps.add(new Step("primary killed", p + " SIGKILLed: writes fail fast, catalogue reads go on on the"
                + " replicas", ms(secs[7]), false, () -> {
                    events.add("scenario: killing the primary " + p + " (SIGKILL)");
                    state.primaryKilledAt = System.currentTimeMillis();
                    workload.markWrites(state.primaryKilledAt);
                    t.kill(primary);
                }));
        steps.add(new Step(a + " promoted", "an external tool promotes " + a + "; rwsplit finds it by asking each"
                + " node its role, writes go there, and asks it for its replicas from then on", ms(secs[8]), false,
                () -> {
                    events.add("scenario: promoting " + a + " (as an external failover tool would)");
                    watch.unwatch(r1);
                    t.promote(r1);
                    state.promotedAt = System.currentTimeMillis();
                    events.add("scenario: " + a + " is the primary; " + b + " replicates from it");
                }));
        steps.add(new Step(p + " rejoined", p + " is rebuilt as a replica of " + a + " and listed by it; rwsplit"
                + " (which keeps the URL's one node) sees it read-only and gives it reads once fresh", ms(secs[9]), false, () -> {
                    events.add("scenario: rebuilding " + p + " as a replica of " + a);
                    watch.beforeStart(primary);
                    t.rejoinAsReplica(primary);
                    events.add("scenario: " + p + " replicates from " + a);
                }));
        steps.add(new Step("cool-down", "everything healthy again: reads on " + p + " and " + b + ", writes on " + a
                + "; no rwsplit call, no configuration change", ms(secs[10]), false, null));
        return steps;
    }

    /** The fixture's name of a node, from its {@code host:port}. */
    static String nameOf(ReplicationTopology t, String address) {
        for (DbNode n : t.nodes()) {
            if (n.address().equals(address)) {
                return n.name();
            }
        }
        return address;
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    /** What the demo started, closed in reverse order by the run's finally block and by the shutdown hook. */
    private static final class Resources {
        volatile ReplicationTopology topology;
        volatile RwSplitDataSource dataSource;
        volatile ShopWorkload workload;
        volatile Dashboard dashboard;
        volatile long primaryKilledAt;
        volatile long promotedAt;
        private boolean closed;

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (workload != null) {
                workload.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (dataSource != null) {
                dataSource.close();
            }
            if (topology != null) {
                topology.close();
            }
        }
    }

}
