package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.rwsplit.driver.it.FailureSupport.describe;
import static io.rwsplit.driver.it.FailureSupport.millisBetween;
import static io.rwsplit.driver.it.FailureSupport.sleepUntil;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica dies under read load and comes back: no read fails (autocommit reads that hit the dead node are
 * retried elsewhere), the dead node gets no statements once it has been detected, and it serves reads again after
 * it returns. Figures are printed as {@code FIGURE ...} lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractReplicaFailureTest {
    static final long PROBE_MS = 250;
    /**
     * Time the driver may take to notice a dead replica: a probe interval, plus the probe's own timeout (1 s at
     * this interval), plus slack. Statements routed to the node later than this after the kill count as traffic to
     * a dead node.
     */
    static final long DETECTION_ALLOWANCE_MS = 2000;
    static final int READERS = 4;

    private ReplicationTopology topology;

    abstract ReplicationTopology newTopology();

    @BeforeAll
    void startTopology() throws SQLException {
        topology = newTopology();
        Databases.prepare(topology);
    }

    @AfterAll
    void closeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    /**
     * A read-only transaction runs on one replica; that replica dies mid-transaction. The next statement of the
     * transaction must fail (not be retried on another node, which would silently leave the transaction's
     * snapshot) with SQLState class 08, fast; the connection then serves a new transaction elsewhere.
     */
    @Test
    void aTransactionOnADyingReplicaFailsWithClass08AndIsNotRetried() throws Exception {
        ReplicationTopology t = topology;
        String sql = "SELECT " + t.serverPortExpression() + " FROM products WHERE id = 1";
        try (RwSplitDataSource ds = FailureSupport.dataSource(t,
                "readYourWrites=off&maxReplicaLag=30s&probeInterval=" + PROBE_MS + "ms&acquireTimeout=1s");
             Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            int port = readPort(c, sql);
            DbNode victim = null;
            for (DbNode r : t.replicas()) {
                if (r.port() == port) {
                    victim = r;
                }
            }
            assertNotNull(victim, "the read-only transaction runs on a replica, ran on port " + port);
            try {
                t.kill(victim);
                long start = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> readPort(c, sql),
                        "a statement of a transaction on a dead replica must fail, not move to another node");
                long millis = millisBetween(start, System.nanoTime());
                System.out.printf("FIGURE %s replica-failure: statement in a transaction on a dead replica failed after"
                        + " %dms with %s%n", t.flavor(), millis, describe(e));
                assertTrue(FailureSupport.isClass08(e), () -> "SQLState class 08 expected: " + describe(e));
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the transaction is gone with its connection
                }
                int next = readPort(c, sql);
                assertNotEquals(victim.port(), next, "a new transaction runs on a live node");
                c.commit();
            } finally {
                t.start(victim);
                t.awaitReplication(java.time.Duration.ofSeconds(30));
            }
        }
    }

    private static int readPort(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** One successful read: when it ran and which server answered. */
    private record Read(long start, long end, int port) {
    }

    @Test
    void aDeadReplicaCostsReadersNothingAndServesAgainWhenBack() throws Exception {
        ReplicationTopology t = topology;
        DbNode victim = t.replicas().get(0);
        String sql = "SELECT " + t.serverPortExpression() + " FROM products WHERE id = 1";
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong restartDone = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstOnVictimAfterRestart = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        long origin = System.nanoTime();
        long killStart;
        long killDone;
        long restartStart;
        List<long[]> victimCounter = new ArrayList<>();

        try (RwSplitDataSource ds = FailureSupport.dataSource(t,
                "readYourWrites=off&maxReplicaLag=2s&probeInterval=" + PROBE_MS + "ms&acquireTimeout=1s")) {
            ds.start();
            Node victimNode = FailureSupport.driverNode(ds, victim);
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                threads.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            // Short sessions (a request each): every session is balanced afresh.
                            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                                for (int i = 0; i < 20 && !stop.get(); i++) {
                                    long start = System.nanoTime();
                                    int port;
                                    try (ResultSet rs = ps.executeQuery()) {
                                        rs.next();
                                        port = rs.getInt(1);
                                    }
                                    long end = System.nanoTime();
                                    reads.add(new Read(start, end, port));
                                    if (port == victim.port() && start > restartDone.get()) {
                                        firstOnVictimAfterRestart.accumulateAndGet(start, Math::min);
                                    }
                                }
                            } catch (SQLException e) {
                                failed.incrementAndGet();
                                if (failures.size() < 10) {
                                    failures.add(String.format("at +%dms: %s",
                                            millisBetween(origin, System.nanoTime()), describe(e)));
                                }
                            }
                        }
                    } catch (Throwable e) {
                        crash.compareAndSet(null, e);
                    }
                }, "reader-" + r));
            }
            // Records when the driver sent work to the victim: a statement routed to it (its statement count moved)
            // or a borrow attempt or statement in flight on it (outstanding > 0; a borrow attempt on a dead node
            // stays outstanding until it fails).
            Thread monitor = new Thread(() -> {
                long last = -1;
                while (!stop.get()) {
                    long v = victimNode.statements();
                    int busy = victimNode.outstanding();
                    if (v != last || busy > 0) {
                        synchronized (victimCounter) {
                            victimCounter.add(new long[] {System.nanoTime(), v});
                        }
                        last = v;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(500_000); // sampling period of the monitor
                }
            }, "victim-monitor");
            threads.forEach(Thread::start);
            monitor.start();
            try {
                sleepUntil(origin + 3_000_000_000L); // the schedule of the scenario: kill at 3 s
                killStart = System.nanoTime();
                t.kill(victim);
                killDone = System.nanoTime();
                sleepUntil(killStart + 7_000_000_000L); // restart 7 s after the kill
                restartStart = System.nanoTime();
                t.start(victim);
                restartDone.set(System.nanoTime());
                long giveUp = restartDone.get() + 15_000_000_000L;
                while (firstOnVictimAfterRestart.get() == Long.MAX_VALUE && System.nanoTime() < giveUp
                        && crash.get() == null) {
                    Thread.sleep(10); // polling for the first read on the returned replica, with a deadline
                }
                sleepUntil(origin + 20_000_000_000L); // the load runs 20 s in all
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join();
                }
                monitor.join();
            }
        }
        assertNull(crash.get(), () -> "a reader crashed: " + crash.get());

        // Figures.
        java.util.Map<Integer, Long> perPort = new java.util.TreeMap<>();
        long onVictimBeforeKill = 0;
        long lastVictimReadEnd = Long.MIN_VALUE;
        long maxReadNanos = 0;
        long slowReads = 0;
        long maxReadAt = 0;
        for (Read r : reads) {
            perPort.merge(r.port(), 1L, Long::sum);
            if (r.end() - r.start() > maxReadNanos) {
                maxReadNanos = r.end() - r.start();
                maxReadAt = r.start();
            }
            if (r.end() - r.start() > 500_000_000L) {
                slowReads++;
            }
            if (r.port() == victim.port()) {
                if (r.start() < killStart) {
                    onVictimBeforeKill++;
                }
                if (r.start() < restartStart) {
                    lastVictimReadEnd = Math.max(lastVictimReadEnd, r.end());
                }
            }
        }
        long lastRoutedWhileDown = Long.MIN_VALUE;
        List<Long> routedAfterDetection = new ArrayList<>();
        for (long[] change : victimCounter) {
            if (change[0] > killStart && change[0] < restartStart) {
                lastRoutedWhileDown = change[0];
                if (change[0] > killDone + DETECTION_ALLOWANCE_MS * 1_000_000L) {
                    routedAfterDetection.add(millisBetween(killStart, change[0]));
                }
            }
        }
        long firstAfter = firstOnVictimAfterRestart.get();
        System.out.printf("FIGURE %s replica-failure: slowest read %dms, starting %dms after the kill; reads over 500ms: %d%n",
                t.flavor(), maxReadNanos / 1_000_000, millisBetween(killStart, maxReadAt), slowReads);
        System.out.printf("FIGURE %s replica-failure: reads=%d failed=%d perPort=%s victim=%s primary=%s%n",
                t.flavor(), reads.size(), failed.get(), perPort, FailureSupport.label(victim),
                FailureSupport.label(t.primary()));
        System.out.printf("FIGURE %s replica-failure: killToLastReadServedByVictim=%dms "
                        + "killToLastWorkSentToVictim=%s restartToFirstRead=%s (kill took %dms, start took %dms)%n",
                t.flavor(), lastVictimReadEnd == Long.MIN_VALUE ? -1 : millisBetween(killStart, lastVictimReadEnd),
                lastRoutedWhileDown == Long.MIN_VALUE ? "none" : millisBetween(killStart, lastRoutedWhileDown) + "ms",
                firstAfter == Long.MAX_VALUE ? "never" : millisBetween(restartDone.get(), firstAfter) + "ms",
                millisBetween(killStart, killDone), millisBetween(restartStart, restartDone.get()));

        assertTrue(failed.get() == 0, () -> failed.get() + " reads failed, first ones: " + failures);
        assertTrue(reads.size() > 1000, "enough reads to mean something: " + reads.size());
        assertTrue(onVictimBeforeKill > 0, "the victim served reads before it was killed");
        assertTrue(routedAfterDetection.isEmpty(), () -> "work (borrows or statements) was sent to the dead replica "
                + victim.address() + " later than " + DETECTION_ALLOWANCE_MS + " ms after the kill, at (ms after kill) "
                + routedAfterDetection);
        assertTrue(firstAfter != Long.MAX_VALUE,
                "the restarted replica " + victim.address() + " got no read within 15 s of its restart");
    }
}
