package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Freshness on real replication with lag injected by the fixtures: bounded staleness under a paused replica,
 * read-your-writes under apply delay, consistency tokens across connections, no false lag on an idle primary.
 * Figures are printed as {@code FIGURE ...} lines for the closing note.
 */
@ExtendWith(ReplicaWriteGuard.class)
abstract class AbstractFreshnessTest implements ReplicaWriteGuard.OnTopology {
    static final long MAX_LAG_MS = 500;
    static final long PROBE_MS = 250;

    @BeforeEach
    void prepare() throws SQLException {
        Databases.prepare(topology());
    }

    abstract Duration smallestApplyDelay();

    Connection open(String options) throws SQLException {
        ReplicationTopology t = topology();
        String all = Databases.CRITICAL + "&probeInterval=" + PROBE_MS + "ms"
                + (options.contains("maxReplicaLag=") ? "" : "&maxReplicaLag=" + MAX_LAG_MS + "ms")
                + (options.isEmpty() ? "" : "&" + options);
        return DriverManager.getConnection(Databases.url(t, all), t.appUser(), t.appPassword());
    }

    private String portExpr() {
        return topology().serverPortExpression();
    }

    private void setCounter(Connection primary, String name, long value) throws SQLException {
        try (PreparedStatement ps = primary.prepareStatement("UPDATE counters SET value = ? WHERE name = ?")) {
            ps.setLong(1, value);
            ps.setString(2, name);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = primary.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)")) {
                    ins.setString(1, name);
                    ins.setLong(2, value);
                    ins.executeUpdate();
                }
            }
        }
    }

    @Test
    void readsNeverExceedTheStalenessBoundWhileAReplicaIsPaused() throws Exception {
        ReplicationTopology t = topology();
        DbNode paused = t.replicas().get(0);
        String counter = "staleness-" + System.nanoTime();
        int maxValues = 1_000_000;
        long[] ackedAt = new long[maxValues];
        AtomicLong latest = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        long origin = System.nanoTime();

        try (Connection direct = t.primary().appConnection()) {
            setCounter(direct, counter, 0);
            ackedAt[0] = System.nanoTime();
            latest.set(0);
        }
        t.awaitReplication(Duration.ofSeconds(30));

        Thread writer = new Thread(() -> {
            try (Connection direct = t.primary().appConnection();
                 PreparedStatement ps = direct.prepareStatement("UPDATE counters SET value = ? WHERE name = ?")) {
                for (int v = 1; v < maxValues && !stop.get(); v++) {
                    ps.setLong(1, v);
                    ps.setString(2, counter);
                    ps.executeUpdate();
                    ackedAt[v] = System.nanoTime();
                    latest.set(v);
                    java.util.concurrent.locks.LockSupport.parkNanos(3_000_000); // a commit every few ms
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "counter-writer");

        int readers = 4;
        AtomicLong reads = new AtomicLong();
        // Reads before the pause (both replicas fresh) and after the paused replica caught up, and how many of
        // them a replica served.
        AtomicLong freshPhaseReads = new AtomicLong();
        AtomicLong freshPhaseReplicaReads = new AtomicLong();
        AtomicLong violations = new AtomicLong();
        AtomicLong maxStalenessNanos = new AtomicLong();
        Map<Integer, AtomicLong> perPort = new ConcurrentHashMap<>();
        AtomicLongArray lastReadOnPausedNode = new AtomicLongArray(1);
        AtomicLong firstReadOnPausedAfterResume = new AtomicLong(Long.MAX_VALUE);
        AtomicLong pausedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong caughtUpAt = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(readers);
        long boundNanos = (MAX_LAG_MS + PROBE_MS) * 1_000_000L;
        String sql = "SELECT value, " + portExpr() + " FROM counters WHERE name = ?";

        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            threads.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        // Short sessions, as an application borrowing a connection per request: each new session
                        // is balanced afresh (a long one stays on its replica for monotonic reads).
                        try (Connection c = open("");
                             PreparedStatement ps = c.prepareStatement(sql)) {
                            for (int i = 0; i < 20 && !stop.get(); i++) {
                                ps.setString(1, counter);
                                long start = System.nanoTime();
                                long value;
                                int port;
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    value = rs.getLong(1);
                                    port = rs.getInt(2);
                                }
                                reads.incrementAndGet();
                                perPort.computeIfAbsent(port, p -> new AtomicLong()).incrementAndGet();
                                if (start < pausedAt.get() || start > caughtUpAt.get()) {
                                    freshPhaseReads.incrementAndGet();
                                    if (port != t.primary().port()) {
                                        freshPhaseReplicaReads.incrementAndGet();
                                    }
                                }
                                long next = value + 1;
                                if (next <= latest.get()) {
                                    long supersededAt = ackedAt[(int) next];
                                    if (supersededAt != 0 && supersededAt < start) {
                                        long staleness = start - supersededAt;
                                        maxStalenessNanos.accumulateAndGet(staleness, Math::max);
                                        if (staleness > boundNanos) {
                                            violations.incrementAndGet();
                                        }
                                    }
                                }
                                if (port == paused.port()) {
                                    lastReadOnPausedNode.accumulateAndGet(0, start, Math::max);
                                    if (start > caughtUpAt.get()) {
                                        firstReadOnPausedAfterResume.accumulateAndGet(start, Math::min);
                                    }
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "reader-" + r));
        }
        writer.start();
        threads.forEach(Thread::start);
        long lastOnPausedBeforeResume;
        try {
            awaitNanos(origin, Duration.ofSeconds(5));
            pausedAt.set(System.nanoTime());
            t.pauseApply(paused);
            awaitNanos(pausedAt.get(), Duration.ofSeconds(10));
            lastOnPausedBeforeResume = lastReadOnPausedNode.get(0);
            t.resumeApply(paused);
            t.awaitReplication(Duration.ofSeconds(30));
            caughtUpAt.set(System.nanoTime());
            // Keep the load on until the replica serves reads again (or 15 s pass), and for at least 22 s in all.
            long giveUp = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (firstReadOnPausedAfterResume.get() == Long.MAX_VALUE && System.nanoTime() < giveUp
                    && failure.get() == null) {
                Thread.sleep(10);
            }
            awaitNanos(origin, Duration.ofSeconds(22));
        } finally {
            t.resumeApply(paused);
            stop.set(true);
            writer.join();
            done.await();
        }
        assertNull(failure.get(), () -> "a reader failed: " + failure.get());

        long excludedAfterMs = (lastOnPausedBeforeResume - pausedAt.get()) / 1_000_000;
        long readmittedAfterMs = firstReadOnPausedAfterResume.get() == Long.MAX_VALUE ? -1
                : (firstReadOnPausedAfterResume.get() - caughtUpAt.get()) / 1_000_000;
        Map<Integer, Long> byPort = new HashMap<>();
        perPort.forEach((k, v) -> byPort.put(k, v.get()));
        long onReplicas = reads.get() - byPort.getOrDefault(t.primary().port(), 0L);
        System.out.printf("FIGURE %s staleness: reads=%d perPort=%s (paused=%d, primary=%d) maxStaleness=%.1fms "
                        + "violations=%d excludedAfter=%dms readmittedAfterCatchUp=%dms freshPhases=%d/%d on replicas%n",
                t.flavor(), reads.get(), byPort, paused.port(), t.primary().port(),
                maxStalenessNanos.get() / 1e6, violations.get(), excludedAfterMs, readmittedAfterMs,
                freshPhaseReplicaReads.get(), freshPhaseReads.get());

        assertEquals(0, violations.get(), "reads older than maxReplicaLag plus one probe interval");
        assertTrue(reads.get() > 1000, "enough reads to mean something: " + reads.get());
        assertTrue(excludedAfterMs <= MAX_LAG_MS + 2 * PROBE_MS,
                "the paused replica got reads " + excludedAfterMs + " ms after the pause");
        assertTrue(readmittedAfterMs >= 0, "the replica got reads again after it caught up");
        // Zero violations must not come from reading the primary: the readers never write, so every read may go to
        // a replica whenever one is within the bound. The unpaused replica is fresh for the whole run and both are
        // before the pause and after the catch-up, so a correct driver puts nearly every read on a replica; the
        // primary gets the moments both look stale between probes (maxReplicaLag is two probe intervals here, and
        // a loaded machine delays probes). Half is far below what a correct run shows and far above what a driver
        // that falls back to the primary whenever any replica is stale, or always, would give.
        assertTrue(2 * onReplicas >= reads.get(),
                "replicas served " + onReplicas + " of " + reads.get() + " reads: " + byPort);
        assertTrue(2 * freshPhaseReplicaReads.get() >= freshPhaseReads.get(), "while both replicas were fresh,"
                + " replicas served " + freshPhaseReplicaReads.get() + " of " + freshPhaseReads.get() + " reads");
    }

    /** Waits until {@code from + d} on the monotonic clock: the length of a test phase, not a synchronization. */
    private static void awaitNanos(long from, Duration d) throws InterruptedException {
        long until = from + d.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }

    @Test
    void aSessionAlwaysReadsItsOwnWritesWhileReplicasApplyLate() throws Exception {
        ReplicationTopology t = topology();
        String counter = "ryw-" + System.nanoTime();
        try (Connection direct = t.primary().appConnection()) {
            setCounter(direct, counter, 0);
        }
        t.awaitReplication(Duration.ofSeconds(30));
        for (DbNode r : t.replicas()) {
            t.setApplyDelay(r, smallestApplyDelay());
        }
        int pairs = 2000;
        // Every settleEvery-th pair waits, between its write and its read, until the replicas have applied the
        // write and been probed since: then a replica has the session's write and must serve the read.
        int settleEvery = 250;
        int settled = 0;
        int settledOnReplica = 0;
        int misses = 0;
        int servedByReplica = 0;
        int wentBack = 0;
        long lastSeen = -1;
        try (Connection c = open("maxReplicaLag=10s");
             PreparedStatement write = c.prepareStatement("UPDATE counters SET value = ? WHERE name = ?");
             PreparedStatement read = c.prepareStatement("SELECT value FROM counters WHERE name = ?");
             PreparedStatement other = c.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
            RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
            for (int i = 1; i <= pairs; i++) {
                write.setLong(1, i);
                write.setString(2, counter);
                write.executeUpdate();
                boolean settle = i % settleEvery == 0;
                if (settle) {
                    t.awaitReplication(Duration.ofSeconds(30));
                    // A primary sample after the write, then a replica probe after that sample: two intervals.
                    awaitNanos(System.nanoTime(), Duration.ofMillis(2 * PROBE_MS + 100));
                }
                read.setString(1, counter);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    long seen = rs.getLong(1);
                    if (seen != i) {
                        misses++;
                    }
                    if (seen < lastSeen) {
                        wentBack++;
                    }
                    lastSeen = seen;
                }
                if (Databases.isReplica(t, rw.lastNode())) {
                    servedByReplica++;
                    if (settle) {
                        settledOnReplica++;
                    }
                }
                if (settle) {
                    settled++;
                }
                // An unrelated read in between: monotonic reads keep it from going back in time too.
                other.setString(1, counter);
                try (ResultSet rs = other.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) < lastSeen) {
                        wentBack++;
                    }
                }
            }
        } finally {
            for (DbNode r : t.replicas()) {
                t.setApplyDelay(r, Duration.ZERO);
            }
            t.awaitReplication(Duration.ofSeconds(60));
        }
        System.out.printf("FIGURE %s read-your-writes: pairs=%d misses=%d servedByReplica=%d wentBack=%d delay=%s"
                        + " settled=%d/%d on replicas%n",
                t.flavor(), pairs, misses, servedByReplica, wentBack, smallestApplyDelay(), settledOnReplica, settled);
        assertEquals(0, misses, "reads that missed the session's own write");
        assertEquals(0, wentBack, "reads that went back in time");
        // Zero misses must not come from reading the primary only: after a settled pair's wait a replica has the
        // write and has been probed since, so a correct driver reads there every time. At least half allows for
        // a probe delayed past the wait on a loaded machine; a driver that keeps the session on the primary after
        // its writes gets none.
        assertTrue(2 * settledOnReplica >= settled,
                "replicas served " + settledOnReplica + " of " + settled + " reads made after the replicas had the write");
    }

    @Test
    void aConsistencyTokenCarriesFreshnessToAnotherConnection() throws Exception {
        ReplicationTopology t = topology();
        String counter = "token-" + System.nanoTime();
        try (Connection direct = t.primary().appConnection()) {
            setCounter(direct, counter, 0);
        }
        t.awaitReplication(Duration.ofSeconds(30));
        int violations = 0;
        int servedByReplica = 0;
        int waitedOnFreshReplicas = 0;
        int waitedServedByReplica = 0;
        int trial = 0;
        // Half the trials with replicas applying late but within a generous staleness bound: only the token
        // keeps the reader off them; the other half with replicas keeping up, so that some reads use them.
        for (boolean late : new boolean[] {true, false}) {
            if (late) {
                for (DbNode r : t.replicas()) {
                    t.setApplyDelay(r, smallestApplyDelay());
                }
            }
            try (Connection writer = open("");
                 PreparedStatement write = writer.prepareStatement("UPDATE counters SET value = ? WHERE name = ?")) {
                RwSplitConnection w = writer.unwrap(RwSplitConnection.class);
                for (int i = 0; i < 500; i++) {
                    trial++;
                    write.setLong(1, trial);
                    write.setString(2, counter);
                    write.executeUpdate();
                    String token = w.consistencyToken();
                    try (Connection reader = open("readYourWrites=off&maxReplicaLag=30s");
                         PreparedStatement read = reader.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
                        RwSplitConnection r = reader.unwrap(RwSplitConnection.class);
                        r.requireConsistency(token);
                        boolean waited = i < (late ? 20 : 10);
                        if (waited) {
                            // Late: let primary samples pass the token while the replicas still lack it, so that the
                            // token must keep holding once it has become a freshness floor, not only before.
                            // Keeping up: a primary sample covers the token and the replicas are probed past it, so
                            // a replica may serve the read, and must (asserted below).
                            awaitNanos(System.nanoTime(), Duration.ofMillis(2 * PROBE_MS + 100));
                        }
                        read.setString(1, counter);
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) < trial) {
                                violations++;
                            }
                        }
                        boolean onReplica = Databases.isReplica(t, r.lastNode());
                        if (onReplica) {
                            servedByReplica++;
                        }
                        if (waited && !late) {
                            waitedOnFreshReplicas++;
                            if (onReplica) {
                                waitedServedByReplica++;
                            }
                        }
                    }
                }
            } finally {
                if (late) {
                    for (DbNode r : t.replicas()) {
                        t.setApplyDelay(r, Duration.ZERO);
                    }
                    t.awaitReplication(Duration.ofSeconds(60));
                }
            }
        }
        System.out.printf("FIGURE %s token: trials=%d violations=%d servedByReplica=%d waitedOnFreshReplicas=%d/%d"
                + " on replicas%n", t.flavor(), trial, violations, servedByReplica, waitedServedByReplica,
                waitedOnFreshReplicas);
        assertEquals(0, violations);
        // Zero violations must not come from reading the primary only: with replicas keeping up and two probe
        // intervals after the token, a replica is fresh past it and a correct driver reads there. At least half
        // allows for probes delayed on a loaded machine; a driver that sends token holders to the primary gets none.
        assertTrue(2 * waitedServedByReplica >= waitedOnFreshReplicas, "replicas served " + waitedServedByReplica
                + " of " + waitedOnFreshReplicas + " token reads made after the replicas were fresh past the token");
    }

    @Test
    void malformedTokensAreRefusedWithAClearError() throws SQLException {
        try (Connection c = open("")) {
            RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
            SQLException e = assertThrows(SQLException.class, () -> rw.requireConsistency("not-a-token"));
            assertEquals("HY024", e.getSQLState());
            assertTrue(e.getMessage().contains("token"), e.getMessage());
        }
    }

    @Test
    void anIdlePrimaryLeavesEveryReplicaFresh() throws Exception {
        ReplicationTopology t = topology();
        try (Connection c = open("")) {
            RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
            t.awaitReplication(Duration.ofSeconds(30));
            long idleFrom = System.nanoTime();
            // The scenario itself: ten seconds in which nothing is written anywhere.
            awaitNanos(idleFrom, Duration.ofSeconds(10));
            Map<String, Long> lag = rw.replicaLagMillis();
            System.out.printf("FIGURE %s idle-primary lag after 10s: %s%n", t.flavor(), lag);
            assertEquals(t.replicas().size(), lag.size());
            for (Map.Entry<String, Long> e : lag.entrySet()) {
                // A clock-based estimate would show the whole idle period (10 s); position sampling shows at most
                // about one probe interval plus scheduling delay.
                assertTrue(e.getValue() >= 0 && e.getValue() < MAX_LAG_MS + 2 * PROBE_MS,
                        "replica " + e.getKey() + " looks stale after an idle period: " + e.getValue() + " ms");
            }
            for (int i = 0; i < 20; i++) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + portExpr())) {
                    rs.next();
                    assertNotEquals(t.primary().port(), rs.getInt(1));
                }
                assertEquals(Reason.READ, rw.lastReason());
            }
        }
    }
}
