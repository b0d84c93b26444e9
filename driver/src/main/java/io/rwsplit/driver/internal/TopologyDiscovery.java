package io.rwsplit.driver.internal;

import io.rwsplit.consistency.internal.RwSplitLoggers;
import org.slf4j.Logger;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replicas that join and leave on their own ({@code discovery=dns}, {@code primary} or {@code dns,primary}): every
 * {@code discoveryInterval} the URL's host names are resolved again (each address, with the port the URL gives the
 * name, is a node) and/or the primary is asked for its replicas ({@link ReplicaListing}); the cluster follows.
 *
 * <p>The rules, in the order they are applied each round:
 * <ul>
 *   <li>a listed address that is not a node is probed once: if it answers read-only it is added as a replica
 *   ({@link Cluster#addReplica}), and serves reads once its freshness is measured within {@code maxReplicaLag}, as
 *   every replica; if it answers writable it is not added (discovery never adds a writable node as a replica: the
 *   primary is followed by role, never by discovery); if it does not answer it is tried again next round;</li>
 *   <li>a node discovery brought (from a name, or added) that is no longer listed is drained
 *   ({@link Cluster#drain}: no new statements, running ones finish, its pool closes) once it also stops answering
 *   probes; while it still answers it is kept (a DNS answer or a replica list can be briefly incomplete); the
 *   primary is never drained; nodes the URL gives as IP addresses are never drained by discovery (only by
 *   {@code removeReplica});</li>
 *   <li>a round in which a name did not resolve or the primary could not be asked drains nothing;</li>
 *   <li>an address the application removed ({@code removeReplica}) is not added again until it has been unlisted
 *   once.</li>
 * </ul>
 * Each round's result, when it changed, and every change are logged at INFO and counted ({@link #counts}).
 */
final class TopologyDiscovery implements AutoCloseable {
    private static final Logger log = RwSplitLoggers.get(TopologyDiscovery.class);

    /** What discovery counts, by the name metrics and JMX show. */
    enum Event {
        ROUNDS("rounds"),
        INCOMPLETE_ROUNDS("incomplete-rounds"),
        ADDED("added"),
        DRAINED("drained"),
        REFUSED_WRITABLE("refused-writable"),
        UNANSWERED("unanswered");

        final String code;

        Event(String code) {
            this.code = code;
        }
    }

    /** The nodes to start with and which of them came from names (discovery may drain those). */
    record Start(List<HostAndPort> hosts, Set<HostAndPort> fromNames) {
    }

    private final Cluster cluster;
    private final ClusterConfig config;
    /** Nodes discovery brought and may drain. */
    private final Set<HostAndPort> managed = ConcurrentHashMap.newKeySet();
    /** Removed by the application while listed: not added again until unlisted. */
    private final Set<HostAndPort> removedByApplication = ConcurrentHashMap.newKeySet();
    /** The last note logged per address, so that a state is logged once, not every round. */
    private final Map<HostAndPort, String> notes = new HashMap<>();
    private final LongAdder[] counts = new LongAdder[Event.values().length];
    private final ReplicaListing listing;
    private final ScheduledExecutorService executor;
    private String lastResult;
    private volatile boolean closed;

    TopologyDiscovery(Cluster cluster, ClusterConfig config, Set<HostAndPort> fromNames, String threadName) {
        this.cluster = cluster;
        this.config = config;
        this.managed.addAll(fromNames);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        this.listing = new ReplicaListing(config);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------------ at start

    /**
     * The nodes a cluster with {@code discovery=dns} starts with: each URL host given as an IP address, and every
     * address each host name resolves to (with the name's port), in URL order. The addresses from names are probed
     * once: a writable one is the initial primary when the URL's first host is a name (the first such, in order);
     * other writable ones and those that do not answer are left to the rounds (never added as replicas). When nothing
     * answers, every address is kept, so that the connect fails as without discovery.
     */
    static Start initial(ClusterConfig config) {
        List<HostAndPort> expanded = new ArrayList<>();
        Set<HostAndPort> fromNames = new LinkedHashSet<>();
        for (HostAndPort h : config.hosts) {
            if (NameResolver.isLiteral(h.host())) {
                if (!expanded.contains(h)) {
                    expanded.add(h);
                }
                continue;
            }
            try {
                for (String a : NameResolver.resolve(h.host())) {
                    HostAndPort x = new HostAndPort(a, h.port());
                    if (!expanded.contains(x)) {
                        expanded.add(x);
                        fromNames.add(x);
                    }
                }
                log.info("rwsplit discovery: {} resolves to {}", h.host(), NameResolver.resolve(h.host()));
            } catch (UnknownHostException e) {
                log.warn("rwsplit discovery: {} does not resolve at start ({}); it is looked up again every {} ms",
                        h.host(), e.getMessage(), config.discoveryIntervalMillis);
            }
        }
        if (expanded.isEmpty()) {
            // Nothing resolves: the URL as written, so that the connect fails with the vendor's own reason.
            return new Start(config.hosts, Set.of());
        }
        if (fromNames.isEmpty() || !config.vendor.replicates()) {
            return new Start(expanded, fromNames);
        }
        Map<HostAndPort, Boolean> writable = probeAll(config, fromNames);
        boolean firstIsLiteral = NameResolver.isLiteral(config.hosts.get(0).host());
        HostAndPort first = firstIsLiteral ? config.hosts.get(0) : null;
        if (first == null) {
            for (HostAndPort x : expanded) {
                if (Boolean.TRUE.equals(writable.get(x))) {
                    first = x;
                    break;
                }
            }
        }
        if (writable.isEmpty() && !firstIsLiteral) {
            return new Start(expanded, fromNames);
        }
        List<HostAndPort> hosts = new ArrayList<>();
        if (first != null) {
            hosts.add(first);
        }
        for (HostAndPort x : expanded) {
            if (x.equals(first)) {
                continue;
            }
            if (!fromNames.contains(x)) {
                hosts.add(x);
            } else if (Boolean.FALSE.equals(writable.get(x))) {
                hosts.add(x);
            } else if (Boolean.TRUE.equals(writable.get(x))) {
                log.info("rwsplit discovery: {} reports itself writable; discovery adds only replicas, so it is not"
                        + " added", x);
            } else {
                log.info("rwsplit discovery: {} does not answer at start; it is tried again every {} ms", x,
                        config.discoveryIntervalMillis);
            }
        }
        Set<HostAndPort> managed = new LinkedHashSet<>(fromNames);
        managed.retainAll(hosts);
        return new Start(hosts, managed);
    }

    /** Probes each address once, in parallel: writable or not, absent when it did not answer in time. */
    private static Map<HostAndPort, Boolean> probeAll(ClusterConfig config, Set<HostAndPort> addresses) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, addresses.size()), r -> {
            Thread t = new Thread(r, "rwsplit-discovery-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<HostAndPort, Future<Boolean>> running = new LinkedHashMap<>();
            for (HostAndPort a : addresses) {
                running.put(a, pool.submit(() -> probeWritable(config, a)));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.probeTimeoutMillis + 1000);
            Map<HostAndPort, Boolean> out = new LinkedHashMap<>();
            for (Map.Entry<HostAndPort, Future<Boolean>> e : running.entrySet()) {
                try {
                    Boolean w = e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (w != null) {
                        out.put(e.getKey(), w);
                    }
                } catch (Exception ignored) {
                    // did not answer in time: left to the rounds
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One probe of an address that is not a node: TRUE writable, FALSE read-only, null no answer. */
    private static Boolean probeWritable(ClusterConfig config, HostAndPort a) {
        NodeProber prober = new NodeProber(config, a, config.probeTimeoutMillis);
        try {
            return prober.probe().writable();
        } catch (SQLException | RuntimeException e) {
            return null;
        } finally {
            prober.close();
        }
    }

    // ------------------------------------------------------------------ rounds

    /** Runs a round every {@code discoveryInterval} from now on. */
    void start() {
        long every = config.discoveryIntervalMillis;
        executor.scheduleWithFixedDelay(this::roundSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void roundSafely() {
        try {
            round();
        } catch (RuntimeException e) {
            // A failed round must not cancel the next ones.
            log.warn("rwsplit discovery: a round failed", e);
        }
    }

    /** One round: look, add, drain (see the class comment). */
    synchronized void round() {
        if (closed) {
            return;
        }
        counts[Event.ROUNDS.ordinal()].increment();
        Map<HostAndPort, String> listed = new LinkedHashMap<>();
        boolean complete = true;
        if (config.discoversByDns()) {
            for (HostAndPort h : config.hosts) {
                if (NameResolver.isLiteral(h.host())) {
                    continue;
                }
                try {
                    for (String a : NameResolver.resolve(h.host())) {
                        listed.putIfAbsent(new HostAndPort(a, h.port()), "name " + h.host());
                    }
                } catch (UnknownHostException | RuntimeException e) {
                    complete = false;
                    log.info("rwsplit discovery: {} does not resolve now ({}); nothing is drained this round",
                            h.host(), e.getMessage());
                }
            }
        }
        if (config.discoversFromPrimary()) {
            Node p = cluster.currentPrimary();
            if (p == null || !p.isReachable() || !Boolean.TRUE.equals(p.reportsWritable())) {
                complete = false;
            } else {
                try {
                    for (HostAndPort a : listing.list(p.address())) {
                        if (!a.equals(p.address())) {
                            listed.putIfAbsent(a, "the primary " + p.id());
                        }
                    }
                } catch (SQLException e) {
                    complete = false;
                    log.info("rwsplit discovery: the primary {} could not list its replicas ({}); nothing is drained"
                            + " this round", p.id(), e.getMessage());
                }
            }
        }
        if (!complete) {
            counts[Event.INCOMPLETE_ROUNDS.ordinal()].increment();
        }
        String result = listed.keySet().toString();
        if (!result.equals(lastResult)) {
            log.info("rwsplit discovery: {} lists {}", sources(), result);
            lastResult = result;
        }
        Set<HostAndPort> known = knownAddresses();
        for (Map.Entry<HostAndPort, String> e : listed.entrySet()) {
            HostAndPort a = e.getKey();
            if (!known.contains(a) && !removedByApplication.contains(a)) {
                admit(a, e.getValue());
            }
        }
        removedByApplication.retainAll(listed.keySet());
        Node primary = cluster.currentPrimary();
        for (Node n : cluster.nodes()) {
            HostAndPort a = n.address();
            if (!managed.contains(a) || listed.containsKey(a)) {
                if (listed.containsKey(a)) {
                    notes.remove(a);
                }
                continue;
            }
            if (!complete) {
                continue;
            }
            if (n == primary) {
                note(a, "rwsplit discovery: {} is no longer listed, but it is the primary: kept");
            } else if (n.isReachable()) {
                note(a, "rwsplit discovery: {} is no longer listed, but it still answers: kept until it stops"
                        + " answering (or removeReplica)");
            } else {
                drainUnlisted(n);
            }
        }
        notes.keySet().retainAll(listedOrNode(listed.keySet()));
    }

    private void drainUnlisted(Node n) {
        HostAndPort a = n.address();
        try {
            if (cluster.drain(a)) {
                managed.remove(a);
                notes.remove(a);
                counts[Event.DRAINED.ordinal()].increment();
                log.info("rwsplit discovery: {} is no longer listed and does not answer: drained (no new statements,"
                        + " running ones finish, its pool closes)", a);
            }
        } catch (IllegalArgumentException e) {
            // it became the primary meanwhile: never drained
        }
    }

    /** A listed address that is no node yet: added if it answers read-only (see the class comment). */
    private void admit(HostAndPort a, String source) {
        if (config.vendor.replicates()) {
            Boolean writable = probeWritable(config, a);
            if (writable == null) {
                counts[Event.UNANSWERED.ordinal()].increment();
                note(a, "rwsplit discovery: {} (listed by " + source + ") does not answer; it is tried again every"
                        + " round");
                return;
            }
            if (writable) {
                counts[Event.REFUSED_WRITABLE.ordinal()].increment();
                note(a, "rwsplit discovery: {} (listed by " + source + ") reports itself writable; discovery adds"
                        + " only replicas, so it is not added");
                return;
            }
        }
        if (cluster.addReplica(a, 1)) {
            managed.add(a);
            notes.remove(a);
            counts[Event.ADDED.ordinal()].increment();
            log.info("rwsplit discovery: {} (listed by {}) answers read-only: added as a replica; it serves reads once"
                    + " it is fresh", a, source);
        }
    }

    /** Logs {@code message} (with the address for {@code {}}) at INFO unless it is what was logged last for it. */
    private void note(HostAndPort a, String message) {
        if (!message.equals(notes.put(a, message))) {
            log.info(message, a);
        }
    }

    private Set<HostAndPort> listedOrNode(Set<HostAndPort> listed) {
        Set<HostAndPort> s = new LinkedHashSet<>(listed);
        for (Node n : cluster.nodes()) {
            s.add(n.address());
        }
        return s;
    }

    /** Every node's address, and for a node given by name, the addresses that name resolves to (the same server). */
    private Set<HostAndPort> knownAddresses() {
        Set<HostAndPort> known = new LinkedHashSet<>();
        for (Node n : cluster.nodes()) {
            HostAndPort a = n.address();
            known.add(a);
            if (!NameResolver.isLiteral(a.host())) {
                try {
                    for (String ip : NameResolver.resolve(a.host())) {
                        known.add(new HostAndPort(ip, a.port()));
                    }
                } catch (UnknownHostException | RuntimeException ignored) {
                    // the node's own probes say what is wrong with it
                }
            }
        }
        return known;
    }

    private String sources() {
        List<String> s = new ArrayList<>();
        if (config.discoversByDns()) {
            for (HostAndPort h : config.hosts) {
                if (!NameResolver.isLiteral(h.host())) {
                    s.add("name " + h.host());
                }
            }
        }
        if (config.discoversFromPrimary()) {
            s.add("the primary");
        }
        return String.join(" and ", s);
    }

    /** The application removed this address ({@code removeReplica}): not added again while it stays listed. */
    void removedByApplication(HostAndPort a) {
        managed.remove(a);
        removedByApplication.add(a);
    }

    /** Counts since start, by {@link Event#code}. */
    Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Event e : Event.values()) {
            m.put(e.code, counts[e.ordinal()].sum());
        }
        return m;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        synchronized (this) {
            listing.close();
        }
    }
}
