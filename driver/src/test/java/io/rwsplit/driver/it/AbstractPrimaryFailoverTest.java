package io.rwsplit.driver.it;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * The primary dies under a mixed load: writes fail fast with a class-08 SQLException that says whether the
 * outcome is known, reads go on; an external promotion is followed without any configuration change; the old
 * primary rejoins as a replica, serves reads and never receives a write. Figures are printed as {@code FIGURE ...}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractPrimaryFailoverTest {
    static final long PROBE_MS = 250;
    static final long ACQUIRE_MS = 1000;
    /** No write call may block longer than this (acquireTimeout plus 2 s): fail fast, never hang. */
    static final long WRITE_BLOCK_BOUND_MS = ACQUIRE_MS + 2000;
    /** From the promotion's completion to the first successful write through rwsplit. */
    static final long FIRST_WRITE_BOUND_MS = 2000;
    static final String TABLE = "failover_rows";

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

    private record Read(long start, long end, int port, SQLException error) {
    }

    @Test
    void writesFailFastWhileThePrimaryIsDownAndFollowThePromotion() throws Exception {
        ReplicationTopology t = topology;
        DbNode oldPrimary = t.primary();
        DbNode next = t.replicas().get(0);
        DbNode other = t.replicas().get(1);
        long nextBaseline = t.writeStatementsReceived(next);
        long otherBaseline = t.writeStatementsReceived(other);
        String insert = "INSERT INTO " + TABLE + " (id, writer) VALUES (?, ?)";
        String select = "SELECT " + t.serverPortExpression() + " FROM products WHERE id = 1";

        WriteLedger ledger = new WriteLedger();
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        AtomicLong rejoinDone = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstReadOnOldAfterRejoin = new AtomicLong(Long.MAX_VALUE);
        long origin = System.nanoTime();
        long killStart;
        long killDone;
        long promoteStart;
        long promoteDone;
        long firstWriteAfterPromotion = Long.MAX_VALUE;
        long rejoinStart;
        long oldPrimaryBaseline;
        long nextBeforePromotion;
        long oldPrimaryAtEnd;
        long otherAtEnd;
        SQLException commitError = null;
        long commitMillis;
        SQLException txStatementError = null;
        long txStatementMillis;

        try (RwSplitDataSource ds = FailureSupport.dataSource(t, "readYourWrites=off&maxReplicaLag=2s&probeInterval="
                + PROBE_MS + "ms&acquireTimeout=" + ACQUIRE_MS + "ms")) {
            ds.start();
            FailureSupport.warmUp(ds, t, TABLE);
            origin = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    long seq = 0;
                    try {
                        while (!stop.get()) {
                            long id = writer * 1_000_000_000L + seq++;
                            ledger.record(write(ds, insert, id, writer));
                            LockSupport.parkNanos(2_000_000); // pacing of the load generator
                        }
                    } catch (Throwable e) {
                        crash.compareAndSet(null, e);
                    }
                }, "writer-" + w));
            }
            for (int r = 1; r <= 2; r++) {
                threads.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
                                for (int i = 0; i < 20 && !stop.get(); i++) {
                                    long start = System.nanoTime();
                                    try (ResultSet rs = ps.executeQuery()) {
                                        rs.next();
                                        int port = rs.getInt(1);
                                        reads.add(new Read(start, System.nanoTime(), port, null));
                                        if (port == oldPrimary.port() && start > rejoinDone.get()) {
                                            firstReadOnOldAfterRejoin.accumulateAndGet(start, Math::min);
                                        }
                                    } catch (SQLException e) {
                                        reads.add(new Read(start, System.nanoTime(), -1, e));
                                    }
                                }
                            }
                        }
                    } catch (Throwable e) {
                        crash.compareAndSet(null, e);
                    }
                }, "reader-" + r));
            }
            threads.forEach(Thread::start);
            // Two write transactions open on the primary when it dies: one will COMMIT, one will run another
            // INSERT. Neither may be retried elsewhere; each must fail fast with class 08 and state the outcome.
            Connection txCommit = ds.getConnection();
            Connection txStatement = ds.getConnection();
            try {
                sleepUntil(origin + 3_000_000_000L); // scenario schedule: 3 s of normal load
                for (Connection tx : List.of(txCommit, txStatement)) {
                    tx.setAutoCommit(false);
                    try (PreparedStatement ps = tx.prepareStatement(insert)) {
                        ps.setLong(1, TX_IDS[tx == txCommit ? 0 : 1]);
                        ps.setInt(2, 8);
                        ps.executeUpdate();
                    }
                }
                killStart = System.nanoTime();
                t.kill(oldPrimary);
                killDone = System.nanoTime();
                long s0 = System.nanoTime();
                try {
                    txCommit.commit();
                } catch (SQLException e) {
                    commitError = e;
                }
                commitMillis = millisBetween(s0, System.nanoTime());
                s0 = System.nanoTime();
                try (PreparedStatement ps = txStatement.prepareStatement(insert)) {
                    ps.setLong(1, TX_IDS[2]);
                    ps.setInt(2, 8);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    txStatementError = e;
                }
                txStatementMillis = millisBetween(s0, System.nanoTime());
                closeQuietly(txCommit);
                closeQuietly(txStatement);
                sleepUntil(killStart + 5_000_000_000L); // the primary stays down 5 s under load
                nextBeforePromotion = t.writeStatementsReceived(next);
                promoteStart = System.nanoTime();
                t.promote(next);
                promoteDone = System.nanoTime();
                // Poll, with a deadline, until a write through rwsplit succeeds.
                long giveUp = promoteDone + 15_000_000_000L;
                for (long seq = 0; System.nanoTime() < giveUp && crash.get() == null; seq++) {
                    WriteLedger.Call c = write(ds, insert, 9_000_000_000L + seq, 9);
                    ledger.record(c);
                    if (c.error() == null) {
                        firstWriteAfterPromotion = c.end();
                        break;
                    }
                    Thread.sleep(10);
                }
                rejoinStart = System.nanoTime();
                t.rejoinAsReplica(oldPrimary);
                oldPrimaryBaseline = t.writeStatementsReceived(oldPrimary);
                rejoinDone.set(System.nanoTime());
                giveUp = rejoinDone.get() + 20_000_000_000L;
                while (firstReadOnOldAfterRejoin.get() == Long.MAX_VALUE && System.nanoTime() < giveUp
                        && crash.get() == null) {
                    Thread.sleep(10); // polling for the first read on the rejoined node, with a deadline
                }
                // Keep the mixed load on for 2 s more with the old primary as a replica (or end after the deadline).
                sleepUntil(Math.min(firstReadOnOldAfterRejoin.get(), giveUp) + 2_000_000_000L);
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join();
                }
                closeQuietly(txCommit);
                closeQuietly(txStatement);
            }
            oldPrimaryAtEnd = t.writeStatementsReceived(oldPrimary);
            otherAtEnd = t.writeStatementsReceived(other);
        }
        assertNull(crash.get(), () -> "a load thread crashed: " + describe(crash.get()));
        t.awaitReplication(Duration.ofSeconds(60));
        WriteLedger.Check check = ledger.check(t, t.primary(), TABLE);

        // Figures.
        long okReadsWhileDown = 0;
        long failedReads = 0;
        List<String> readFailures = new ArrayList<>();
        Map<Integer, Long> readsPerPort = new TreeMap<>();
        for (Read r : reads) {
            if (r.error() == null) {
                readsPerPort.merge(r.port(), 1L, Long::sum);
                if (r.start() > killDone && r.end() < promoteStart) {
                    okReadsWhileDown++;
                }
            } else {
                failedReads++;
                if (readFailures.size() < 5) {
                    readFailures.add("+" + millisBetween(killStart, r.start()) + "ms after kill: " + describe(r.error()));
                }
            }
        }
        long writesOk = 0;
        long writesFailed = 0;
        long maxBlockWhileDownMs = 0;
        List<String> badErrors = new ArrayList<>();
        List<String> failedAfterRecovery = new ArrayList<>();
        long firstWriterSuccessAfterPromotion = Long.MAX_VALUE;
        for (WriteLedger.Call c : ledger.calls) {
            if (c.end() > killStart && c.start() < promoteDone) {
                maxBlockWhileDownMs = Math.max(maxBlockWhileDownMs, c.millis());
            }
            if (c.error() == null) {
                writesOk++;
                if (c.end() > promoteDone && c.id() < 9_000_000_000L) {
                    firstWriterSuccessAfterPromotion = Math.min(firstWriterSuccessAfterPromotion, c.end());
                }
                continue;
            }
            writesFailed++;
            if ((!FailureSupport.isClass08(c.error()) || !FailureSupport.statesOutcome(c.error()))
                    && badErrors.size() < 5) {
                badErrors.add(describe(c.error()));
            }
            if (firstWriteAfterPromotion != Long.MAX_VALUE && c.start() > firstWriteAfterPromotion
                    && failedAfterRecovery.size() < 5) {
                failedAfterRecovery.add("+" + millisBetween(firstWriteAfterPromotion, c.start())
                        + "ms after the first post-promotion write: " + describe(c.error()));
            }
        }
        long firstAfterRejoin = firstReadOnOldAfterRejoin.get();
        System.out.printf("FIGURE %s failover: writes ok=%d failed=%d (notSent=%d unknown=%d) maxWriteBlockWhileDown=%dms "
                        + "maxWriteBlockOverall=%dms errorKinds=%s%n", t.flavor(), writesOk, writesFailed,
                ledger.notSent.size(), ledger.unknown.size(), maxBlockWhileDownMs, ledger.maxCallNanos.get() / 1_000_000,
                ledger.errorKinds());
        System.out.printf("FIGURE %s failover: longest write call (ms after origin, kill at +%dms, promoted at +%dms) %s%n",
                t.flavor(), millisBetween(origin, killStart), millisBetween(origin, promoteDone),
                ledger.describeLongest(origin));
        System.out.printf("FIGURE %s failover: reads ok=%d failed=%d okWhilePrimaryDown=%d (down %dms) perPort=%s "
                        + "oldPrimary=%s new=%s other=%s%n", t.flavor(), reads.size() - failedReads, failedReads,
                okReadsWhileDown, millisBetween(killDone, promoteStart), readsPerPort, FailureSupport.label(oldPrimary),
                FailureSupport.label(next), FailureSupport.label(other));
        System.out.printf("FIGURE %s failover: promote took %dms; promotionToFirstWrite=%s (poller) %s (writer threads);"
                        + " rejoin took %dms; rejoinToFirstRead=%s; table %s%n", t.flavor(),
                millisBetween(promoteStart, promoteDone),
                firstWriteAfterPromotion == Long.MAX_VALUE ? "never" : millisBetween(promoteDone, firstWriteAfterPromotion) + "ms",
                firstWriterSuccessAfterPromotion == Long.MAX_VALUE ? "never"
                        : millisBetween(promoteDone, firstWriterSuccessAfterPromotion) + "ms",
                millisBetween(rejoinStart, rejoinDone.get()),
                firstAfterRejoin == Long.MAX_VALUE ? "never" : millisBetween(rejoinDone.get(), firstAfterRejoin) + "ms",
                check);
        System.out.printf("FIGURE %s failover: acknowledged writes lost by asynchronous replication at the kill "
                        + "(id=ms acknowledged before the kill completed): %s%n", t.flavor(),
                ledger.ackedMillisBefore(check.ackedMissing(), killDone));

        List<Long> txIdsPresent = new ArrayList<>();
        try (Connection c = t.primary().appConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM " + TABLE + " WHERE id >= ? AND id <= ?")) {
            ps.setLong(1, TX_IDS[0]);
            ps.setLong(2, TX_IDS[2]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    txIdsPresent.add(rs.getLong(1));
                }
            }
        }
        String commitProblem = outcomeProblem("COMMIT of a transaction open on the dying primary", commitError,
                commitMillis);
        String txStatementProblem = outcomeProblem("INSERT inside a transaction open on the dying primary",
                txStatementError, txStatementMillis);
        System.out.printf("FIGURE %s failover: open transactions at the kill: commit failed after %dms with %s; "
                        + "statement failed after %dms with %s%n", t.flavor(), commitMillis,
                commitError == null ? "nothing" : describe(commitError), txStatementMillis,
                txStatementError == null ? "nothing" : describe(txStatementError));
        long firstWrite = firstWriteAfterPromotion;
        long maxBlock = ledger.maxCallNanos.get() / 1_000_000;
        long okWhileDown = okReadsWhileDown;
        long failedReadCount = failedReads;
        assertAll(
                () -> assertTrue(maxBlock < WRITE_BLOCK_BOUND_MS, "a write call blocked " + maxBlock + " ms"),
                () -> assertTrue(badErrors.isEmpty(), () -> "failed writes without SQLState class 08 and a stated "
                        + "outcome ('" + FailureSupport.NOT_SENT + "' / '" + FailureSupport.UNKNOWN + "'): " + badErrors),
                () -> assertTrue(okWhileDown > 0, "reads succeeded while the primary was down"),
                () -> assertEquals(0, failedReadCount, () -> "reads failed: " + readFailures),
                () -> assertTrue(firstWrite != Long.MAX_VALUE, "a write succeeded within 15 s of the promotion"),
                () -> assertTrue(firstWrite == Long.MAX_VALUE || millisBetween(promoteDone, firstWrite) < FIRST_WRITE_BOUND_MS,
                        () -> "first write " + millisBetween(promoteDone, firstWrite) + " ms after the promotion"),
                () -> assertTrue(failedAfterRecovery.isEmpty(),
                        () -> "writes failed after writes had resumed on the new primary: " + failedAfterRecovery),
                () -> assertEquals(nextBaseline, nextBeforePromotion,
                        "writes reached " + next.name() + " while it was a replica"),
                () -> assertEquals(otherBaseline, otherAtEnd, "writes reached the replica " + other.name()),
                () -> assertEquals(oldPrimaryBaseline, oldPrimaryAtEnd,
                        "writes reached the old primary " + oldPrimary.name() + " after it rejoined as a replica"),
                () -> assertTrue(firstAfterRejoin != Long.MAX_VALUE,
                        "the rejoined old primary served a read within 20 s"),
                () -> assertNull(commitProblem),
                () -> assertNull(txStatementProblem),
                () -> assertEquals(List.of(), txIdsPresent, "rows of transactions that never committed are present"),
                () -> assertTrue(check.duplicated().isEmpty() && check.notSentPresent().isEmpty(),
                        () -> "table after failover: " + check),
                // Replication is asynchronous: a write the old primary acknowledged just before it was killed may
                // never have reached the promoted replica. That loss is the topology's, not rwsplit's; a write
                // acknowledged after the old primary was gone must be there.
                () -> assertEquals(List.of(), ledger.ackedAtOrAfter(check.ackedMissing(), killDone),
                        () -> "writes acknowledged after the old primary died are missing: " + check));
    }

    /**
     * A replica turns writable behind rwsplit's back (an operator's mistake, a split brain): while two nodes report
     * themselves writable, rwsplit refuses every write (it cannot know which one is the primary) with SQLState
     * class 08, sends none to either the rogue node, and resumes once the rogue node is a replica again.
     */
    @Test
    void twoWritableNodesMakeRwsplitRefuseWritesUntilOneIsReadOnlyAgain() throws Exception {
        ReplicationTopology t = topology;
        DbNode rogue = t.replicas().get(t.replicas().size() - 1);
        String insert = "INSERT INTO " + TABLE + " (id, writer) VALUES (?, ?)";
        WriteLedger ledger = new WriteLedger();
        long rogueBaseline;
        long rogueAtEnd;
        long writable;
        long refusedAt = Long.MAX_VALUE;
        long refusalsUntilRestored = 0;
        long acceptedWhileSplit = 0;
        List<String> badErrors = new ArrayList<>();
        long restoreDone;
        long resumedAt = Long.MAX_VALUE;
        long seq = 0;
        try (RwSplitDataSource ds = FailureSupport.dataSource(t, "readYourWrites=off&maxReplicaLag=2s&probeInterval="
                + PROBE_MS + "ms&acquireTimeout=" + ACQUIRE_MS + "ms")) {
            ds.start();
            FailureSupport.warmUp(ds, t, TABLE);
            WriteLedger.Call before = write(ds, insert, 7_000_000_000L + seq++, 7);
            assertNull(before.error(), () -> "a write before the split brain: " + describe(before.error()));
            rogueBaseline = t.writeStatementsReceived(rogue);
            makeWritable(t, rogue);
            writable = System.nanoTime();
            // Poll, with a deadline, until rwsplit refuses a write.
            long giveUp = writable + 10_000_000_000L;
            while (System.nanoTime() < giveUp) {
                WriteLedger.Call c = write(ds, insert, 7_000_000_000L + seq++, 7);
                ledger.record(c);
                if (c.error() != null) {
                    refusedAt = c.end();
                    break;
                }
                Thread.sleep(10);
            }
            // While the split brain lasts (1 s of write attempts, paced), no write may be accepted.
            long splitUntil = System.nanoTime() + 1_000_000_000L;
            while (refusedAt != Long.MAX_VALUE && System.nanoTime() < splitUntil) {
                WriteLedger.Call c = write(ds, insert, 7_000_000_000L + seq++, 7);
                ledger.record(c);
                if (c.error() == null) {
                    acceptedWhileSplit++;
                } else {
                    refusalsUntilRestored++;
                    if ((!FailureSupport.isClass08(c.error()) || !FailureSupport.statesOutcome(c.error()))
                            && badErrors.size() < 3) {
                        badErrors.add(describe(c.error()));
                    }
                }
                Thread.sleep(20); // pacing of the attempts
            }
            rogueAtEnd = t.writeStatementsReceived(rogue);
            t.rejoinAsReplica(rogue);
            restoreDone = System.nanoTime();
            giveUp = restoreDone + 10_000_000_000L;
            while (System.nanoTime() < giveUp) {
                WriteLedger.Call c = write(ds, insert, 7_000_000_000L + seq++, 7);
                ledger.record(c);
                if (c.error() == null) {
                    resumedAt = c.end();
                    break;
                }
                Thread.sleep(10);
            }
        }
        long refused = refusedAt;
        long resumed = resumedAt;
        long accepted = acceptedWhileSplit;
        System.out.printf("FIGURE %s split-brain: rogue=%s writableToFirstRefusal=%s refusalsWhileSplit=%d "
                        + "acceptedWhileSplit=%d restoredToFirstWrite=%s errorKinds=%s%n", t.flavor(),
                FailureSupport.label(rogue),
                refused == Long.MAX_VALUE ? "never" : millisBetween(writable, refused) + "ms", refusalsUntilRestored,
                accepted, resumed == Long.MAX_VALUE ? "never" : millisBetween(restoreDone, resumed) + "ms",
                ledger.errorKinds());
        long rogueWas = rogueBaseline;
        long rogueNow = rogueAtEnd;
        assertAll(
                () -> assertTrue(refused != Long.MAX_VALUE, "rwsplit refused a write within 10 s of the split brain"),
                () -> assertEquals(0, accepted, "writes accepted while two nodes reported themselves writable"),
                () -> assertEquals(rogueWas, rogueNow, "writes reached the rogue writable node " + rogue.name()),
                () -> assertTrue(badErrors.isEmpty(), () -> "refused writes without SQLState class 08 and a stated "
                        + "outcome: " + badErrors),
                () -> assertTrue(resumed != Long.MAX_VALUE,
                        "writes resumed within 10 s of the rogue node becoming a replica again"));
    }

    /** Makes a replica writable directly, as an operator would by mistake (the fixture does not know). */
    private static void makeWritable(ReplicationTopology t, DbNode replica) throws SQLException {
        try (Connection c = replica.adminConnection(); java.sql.Statement s = c.createStatement()) {
            if (t.flavor() == io.rwsplit.fixtures.Flavor.POSTGRESQL) {
                s.execute("SELECT pg_promote(true, 60)");
            } else {
                s.execute("STOP SLAVE");
                s.execute("SET GLOBAL read_only = 0");
            }
        }
    }

    /** Ids written inside the transactions open when the primary dies (never committed). */
    private static final long[] TX_IDS = {8_000_000_001L, 8_000_000_002L, 8_000_000_003L};

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection's node is dead; nothing to give back
        }
    }

    private static String outcomeProblem(String what, SQLException e, long millis) {
        if (e == null) {
            return what + " succeeded on a dead primary";
        }
        if (!FailureSupport.isClass08(e) || !FailureSupport.statesOutcome(e)) {
            return what + " failed without class 08 and a stated outcome: " + describe(e);
        }
        if (millis >= WRITE_BLOCK_BOUND_MS) {
            return what + " blocked " + millis + " ms";
        }
        return null;
    }

    /** One write call through rwsplit on a new logical connection (an application request). */
    private static WriteLedger.Call write(RwSplitDataSource ds, String insert, long id, int writer) {
        long start = System.nanoTime();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setLong(1, id);
            ps.setInt(2, writer);
            ps.executeUpdate();
            return new WriteLedger.Call(id, start, System.nanoTime(), null);
        } catch (SQLException e) {
            return new WriteLedger.Call(id, start, System.nanoTime(), e);
        }
    }
}
