package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.rwsplit.driver.it.FailureSupport.describe;
import static io.rwsplit.driver.it.FailureSupport.millisBetween;
import static io.rwsplit.driver.it.FailureSupport.sleepUntil;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mixed reads and uniquely keyed, once-attempted writes while replicas are killed and restarted, apply is paused
 * and resumed, and the primary fails over once (kill, promote a replica, rejoin the old primary as a replica).
 * Afterwards: every acknowledged write is on the final primary exactly once, no write reported as "not sent" is
 * there, and no data-changing statement reached a node while it was a replica. Duration: system property
 * {@code rwsplit.chaos.seconds} (default 60 per database).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractChaosTest {
    static final long SECONDS = Long.getLong("rwsplit.chaos.seconds", 60);
    static final String TABLE = "chaos";

    private ReplicationTopology topology;

    abstract ReplicationTopology newTopology();

    @BeforeAll
    void startTopology() throws SQLException {
        topology = newTopology();
        Databases.prepare(topology);
        FailureSupport.createRowTable(topology, TABLE);
        topology.awaitReplication(Duration.ofSeconds(30));
    }

    @AfterAll
    void closeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    /**
     * Each node's count of data-changing statements received, taken when it becomes a replica and again when it
     * stops being one (before it is killed or promoted, and at the end): the two must be equal. A restarted MariaDB
     * node counts from zero again, which is why a new stint takes a new baseline.
     */
    private static final class ReplicaStints {
        private final ReplicationTopology t;
        private final Map<String, Long> baseline = new HashMap<>();
        final List<String> violations = new ArrayList<>();
        final List<String> stints = new ArrayList<>();

        ReplicaStints(ReplicationTopology t) {
            this.t = t;
        }

        void begin(DbNode n) throws SQLException {
            baseline.put(n.name(), t.writeStatementsReceived(n));
        }

        void end(DbNode n, String why) throws SQLException {
            Long was = baseline.remove(n.name());
            if (was == null) {
                return;
            }
            long now = t.writeStatementsReceived(n);
            stints.add(n.name() + " until " + why + ": " + was + "->" + now);
            if (now != was) {
                violations.add(n.name() + " received " + (now - was) + " data-changing statement(s) while a replica"
                        + " (stint ended by " + why + ")");
            }
        }
    }

    @Test
    void acknowledgedWritesSurviveChaosAndNoWriteReachesAReplica() throws Exception {
        ReplicationTopology t = topology;
        DbNode n1 = t.primary();
        DbNode n2 = t.replicas().get(0);
        DbNode n3 = t.replicas().get(1);
        ReplicaStints stints = new ReplicaStints(t);
        stints.begin(n2);
        stints.begin(n3);
        String insert = "INSERT INTO " + TABLE + " (id, writer) VALUES (?, ?)";
        String select = "SELECT " + t.serverPortExpression() + " FROM products WHERE id = 1";

        WriteLedger ledger = new WriteLedger();
        FailureSupport.Counts ackedPerNode = new FailureSupport.Counts();
        FailureSupport.Counts readsPerNode = new FailureSupport.Counts();
        FailureSupport.Counts readErrors = new FailureSupport.Counts();
        AtomicLong readsOk = new AtomicLong();
        AtomicLong readsFailed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        List<String> events = new ArrayList<>();
        long origin = System.nanoTime();
        long total = SECONDS * 1_000_000_000L;
        long primaryKillDone = Long.MAX_VALUE;
        long promoteDone = Long.MAX_VALUE;
        int failovers = 0;

        try (RwSplitDataSource ds = FailureSupport.dataSource(t,
                "maxReplicaLag=2s&probeInterval=250ms&acquireTimeout=1s")) {
            ds.start();
            FailureSupport.warmUp(ds, t, TABLE);
            origin = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    try {
                        for (long seq = 0; !stop.get(); seq++) {
                            long id = writer * 1_000_000_000L + seq;
                            long start = System.nanoTime();
                            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
                                ps.setLong(1, id);
                                ps.setInt(2, writer);
                                ps.executeUpdate();
                                ledger.record(new WriteLedger.Call(id, start, System.nanoTime(), null));
                                ackedPerNode.add(c.unwrap(RwSplitConnection.class).lastNode());
                            } catch (SQLException e) {
                                ledger.record(new WriteLedger.Call(id, start, System.nanoTime(), e));
                            }
                            LockSupport.parkNanos(3_000_000); // pacing of the load generator
                        }
                    } catch (Throwable e) {
                        crash.compareAndSet(null, e);
                    }
                }, "chaos-writer-" + w));
            }
            for (int r = 1; r <= 2; r++) {
                threads.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
                                RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
                                for (int i = 0; i < 20 && !stop.get(); i++) {
                                    try (ResultSet rs = ps.executeQuery()) {
                                        rs.next();
                                        rs.getInt(1);
                                        readsOk.incrementAndGet();
                                        readsPerNode.add(rw.lastNode());
                                    } catch (SQLException e) {
                                        readsFailed.incrementAndGet();
                                        readErrors.add(e.getSQLState() + " " + String.valueOf(e.getMessage())
                                                .replaceAll("[0-9]+", "N"));
                                    }
                                }
                            }
                        }
                    } catch (Throwable e) {
                        crash.compareAndSet(null, e);
                    }
                }, "chaos-reader-" + r));
            }
            threads.forEach(Thread::start);
            try {
                // The chaos schedule: each action at a fixed fraction of the run (later if the previous one overran).
                at(origin, total, 0.08, events, "kill " + n3.name());
                stints.end(n3, "kill");
                t.kill(n3);
                at(origin, total, 0.18, events, "start " + n3.name());
                t.start(n3);
                stints.begin(n3);
                at(origin, total, 0.26, events, "pause apply " + n2.name());
                t.pauseApply(n2);
                at(origin, total, 0.34, events, "resume apply " + n2.name());
                t.resumeApply(n2);
                at(origin, total, 0.42, events, "kill primary " + n1.name());
                t.kill(n1);
                primaryKillDone = System.nanoTime();
                at(origin, total, 0.47, events, "promote " + n2.name());
                stints.end(n2, "promotion");
                t.promote(n2);
                promoteDone = System.nanoTime();
                failovers++;
                at(origin, total, 0.60, events, "rejoin " + n1.name() + " as a replica");
                t.rejoinAsReplica(n1);
                stints.begin(n1);
                at(origin, total, 0.68, events, "kill " + n3.name());
                stints.end(n3, "kill");
                t.kill(n3);
                at(origin, total, 0.76, events, "start " + n3.name());
                t.start(n3);
                stints.begin(n3);
                at(origin, total, 0.82, events, "pause apply " + n1.name());
                t.pauseApply(n1);
                at(origin, total, 0.90, events, "resume apply " + n1.name());
                t.resumeApply(n1);
                at(origin, total, 1.0, events, "end");
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join();
                }
            }
        }
        assertNull(crash.get(), () -> "a load thread crashed: " + describe(crash.get()));
        for (DbNode n : List.of(n1, n2, n3)) {
            if (n != t.primary() && n.isRunning()) {
                stints.end(n, "the end");
            }
        }
        t.awaitReplication(Duration.ofSeconds(120));
        WriteLedger.Check check = ledger.check(t, t.primary(), TABLE);
        Map<String, Integer> rowsPerNode = new HashMap<>();
        for (DbNode n : t.replicas()) {
            rowsPerNode.put(n.name(), ledger.check(t, n, TABLE).rows());
        }
        rowsPerNode.put(t.primary().name() + "(primary)", check.rows());
        List<Long> lostAfterKill = ledger.ackedAtOrAfter(check.ackedMissing(), primaryKillDone);
        long firstAckAfterPromotion = Long.MAX_VALUE;
        for (WriteLedger.Call c : ledger.calls) {
            if (c.error() == null && c.end() > promoteDone) {
                firstAckAfterPromotion = Math.min(firstAckAfterPromotion, c.end());
            }
        }

        System.out.printf("FIGURE %s chaos: %ds, events %s%n", t.flavor(), SECONDS, events);
        System.out.printf("FIGURE %s chaos: writes acked=%d failedKnown(not sent)=%d unknown=%d (unknown present "
                        + "afterwards=%d) maxWriteCall=%dms ackedPerNode=%s errorKinds=%s%n", t.flavor(),
                ledger.acked.size(), ledger.notSent.size(), ledger.unknown.size(), check.unknownPresent(),
                ledger.maxCallNanos.get() / 1_000_000, ackedPerNode, ledger.errorKinds());
        System.out.printf("FIGURE %s chaos: longest write call %s%n", t.flavor(), ledger.describeLongest(origin));
        System.out.printf("FIGURE %s chaos: reads ok=%d failed=%d perNode=%s readErrors=%s%n", t.flavor(),
                readsOk.get(), readsFailed.get(), readsPerNode, readErrors);
        System.out.printf("FIGURE %s chaos: failovers=%d promotionToFirstAck=%s table %s rowsPerNode=%s "
                        + "ackedLostByAsyncReplicationAtKill(ms before kill)=%s replicaStints=%s%n", t.flavor(), failovers,
                firstAckAfterPromotion == Long.MAX_VALUE ? "never" : millisBetween(promoteDone, firstAckAfterPromotion) + "ms",
                check, rowsPerNode, ledger.ackedMillisBefore(check.ackedMissing(), primaryKillDone), stints.stints);

        int rowsOnPrimary = check.rows();
        boolean promoted = promoteDone != Long.MAX_VALUE;
        assertAll(
                () -> assertEquals(List.of(), stints.violations, "writes reached replicas"),
                () -> assertEquals(List.of(), check.duplicated(), "ids written more than once"),
                () -> assertEquals(List.of(), check.notSentPresent(), "writes reported as not sent are present"),
                // A write acknowledged by the old primary just before it was killed may not have been replicated
                // (asynchronous replication): the topology's loss, reported above. Every other one must be there.
                () -> assertEquals(List.of(), lostAfterKill, () -> "acknowledged writes missing: " + check),
                () -> {
                    for (Map.Entry<String, Integer> e : rowsPerNode.entrySet()) {
                        assertEquals(rowsOnPrimary, e.getValue().intValue(), "rows on " + e.getKey() + ": " + rowsPerNode);
                    }
                },
                () -> assertTrue(ledger.acked.size() > 100, "enough acknowledged writes: " + ledger.acked.size()),
                () -> assertTrue(readsOk.get() > 1000, "enough reads: " + readsOk.get()),
                // Never more than one node is down at a time: every autocommit read has a live replica to go to.
                () -> assertEquals(0, readsFailed.get(), () -> "reads failed: " + readErrors),
                () -> assertTrue(promoted && ackedPerNode.get(n2.address()) > 0,
                        "writes were acknowledged by the promoted node " + n2.name()));
    }

    /** Waits for the scheduled moment of the next chaos action and logs it. */
    private static void at(long origin, long total, double fraction, List<String> events, String what)
            throws InterruptedException {
        sleepUntil(origin + (long) (total * fraction)); // the chaos schedule, not a synchronization
        events.add("+" + millisBetween(origin, System.nanoTime()) + "ms " + what);
    }
}
