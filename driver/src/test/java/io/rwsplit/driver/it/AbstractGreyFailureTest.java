package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static io.rwsplit.driver.it.FailureSupport.millisBetween;
import static io.rwsplit.driver.it.FailureSupport.sleepUntil;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grey failures on a real topology, with rwsplit's default options: a replica frozen (SIGSTOP) under readers, every
 * session cut twice, a planned switchover under writers, and a frozen primary replaced by a promoted replica. Each
 * injects the failure for real and checks what the application saw; figures are printed as {@code FIGURE} lines.
 * The topology is this class's own (the last scenario leaves it without its first primary).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractGreyFailureTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String TABLE = "grey_rows";

    private ReplicationTopology topology;

    abstract ReplicationTopology newTopology();

    /** Failed autocommit writes a planned switchover may cost each writer (a statement in flight at the stop). */
    abstract int switchoverFailuresPerWriter();

    @BeforeAll
    void startTopology() throws SQLException {
        topology = newTopology();
        Databases.prepare(topology);
        FailureSupport.createRowTable(topology, TABLE);
    }

    @AfterAll
    void closeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    private RwSplitDataSource dataSource() throws SQLException {
        RwSplitDataSource ds = FailureSupport.dataSource(topology, "");
        ds.start();
        FailureSupport.warmUp(ds, topology, TABLE);
        return ds;
    }

    /**
     * A replica frozen for 10 s under 4 readers: no read fails and none waits for the thaw (the statements on the
     * frozen replica are ended and retried elsewhere), the frozen replica gets no new reads once it has been found
     * silent, and it serves reads again after the thaw.
     */
    @Test
    @Order(1)
    void aFrozenReplicaCostsReadersNothing() throws Exception {
        ReplicationTopology t = topology;
        DbNode victim = t.replicas().get(0);
        long freezeAt;
        long thawStart;
        long thawAt;
        GreyLoad load;
        try (RwSplitDataSource ds = dataSource()) {
            long origin = System.nanoTime();
            load = GreyLoad.start(ds, t, 4, 0, TABLE, 1_000_000L);
            try {
                sleepUntil(origin + 2 * SECOND); // the schedule: freeze at 2 s, for 10 s
                freezeAt = System.nanoTime();
                t.freeze(victim);
                try {
                    sleepUntil(freezeAt + 10 * SECOND);
                } finally {
                    thawStart = System.nanoTime();
                    t.thaw(victim);
                    thawAt = System.nanoTime();
                }
                long thawed = thawAt;
                Poll.until(Duration.ofSeconds(15), Duration.ofMillis(20), () -> "a read on the thawed replica",
                        () -> load.firstReadOn(victim.port(), thawed) != Long.MAX_VALUE);
            } finally {
                load.close();
            }
        }
        load.rethrowCrash();
        GreyLoad.Read slowest = load.slowestRead();
        long firstAfterThaw = load.firstReadOn(victim.port(), thawAt);
        long onVictimWhileFrozen = load.readsOn(victim.port(), freezeAt + 2 * SECOND, thawStart);
        List<GreyLoad.Read> failed = load.failedReads();
        System.out.printf("FIGURE %s grey frozen-replica: reads=%d failed=%d slowest=%dms (started %dms after the freeze)"
                        + " readsOnFrozenAfter2s=%d firstReadAfterThaw=%s perPort=%s victim=%s%n", t.flavor(),
                load.reads.size(), failed.size(), slowest.millis(), millisBetween(freezeAt, slowest.start()),
                onVictimWhileFrozen, firstAfterThaw == Long.MAX_VALUE ? "never" : millisBetween(thawAt, firstAfterThaw)
                        + "ms", load.readsPerPort(), FailureSupport.label(victim));
        assertAll(
                () -> assertEquals(List.of(), failed.stream().map(r -> FailureSupport.describe(r.error())).limit(5)
                        .toList(), "reads failed"),
                () -> assertTrue(slowest.millis() < 5_000, "a read waited " + slowest.millis()
                        + " ms: statements on the frozen replica waited for the thaw"),
                () -> assertEquals(0, onVictimWhileFrozen, "reads started on the frozen replica 2 s into the freeze"),
                () -> assertNotEquals(Long.MAX_VALUE, firstAfterThaw, "the thawed replica serves reads again"));
    }

    /**
     * Every session of the application user cut on every node, twice, under 4 readers and a writer: no autocommit
     * read fails, every failed write says its outcome, writes succeed again from a second after each cut, and no
     * breaker opens (every node stayed up).
     */
    @Test
    @Order(2)
    void everySessionCutTwiceCostsReadsNothingAndOpensNoBreaker() throws Exception {
        ReplicationTopology t = topology;
        long[] cuts = new long[2];
        int[] ended = new int[2];
        GreyLoad load;
        try (RwSplitDataSource ds = dataSource()) {
            long origin = System.nanoTime();
            load = GreyLoad.start(ds, t, 4, 1, TABLE, 2_000_000L);
            try {
                for (int k = 0; k < 2; k++) {
                    sleepUntil(origin + (2 + 3L * k) * SECOND); // the schedule: cuts at 2 s and 5 s
                    cuts[k] = System.nanoTime();
                    for (DbNode n : List.copyOf(t.nodes())) {
                        if (n.isRunning()) {
                            ended[k] += t.terminateSessions(n, t.appUser());
                        }
                    }
                }
                sleepUntil(origin + 8 * SECOND);
            } finally {
                load.close();
            }
        }
        load.rethrowCrash();
        List<GreyLoad.Read> failed = load.failedReads();
        long[] afterFirst = load.writesBetween(cuts[0] + SECOND, cuts[1]);
        long[] afterSecond = load.writesBetween(cuts[1] + SECOND, cuts[1] + 3 * SECOND);
        List<String> badWrites = load.writesFailedWithoutOutcome();
        System.out.printf("FIGURE %s grey sessions-cut: sessions ended %d and %d; reads=%d failed=%d slowest=%dms;"
                        + " writes ok=%d failed=%d (notSent=%d unknown=%d); from 1 s after each cut ok/failed %d/%d and"
                        + " %d/%d; breakers not closed: %s; errors %s%n", t.flavor(), ended[0], ended[1],
                load.reads.size(), failed.size(), load.slowestRead().millis(), load.ledger.acked.size(),
                load.ledger.notSent.size() + load.ledger.unknown.size(), load.ledger.notSent.size(),
                load.ledger.unknown.size(), afterFirst[0], afterFirst[1], afterSecond[0], afterSecond[1],
                load.breakerOpenings.stream().distinct().toList(), load.ledger.errorKinds());
        assertAll(
                () -> assertTrue(ended[0] > 0 && ended[1] > 0, "sessions were ended"),
                () -> assertEquals(List.of(), failed.stream().map(r -> FailureSupport.describe(r.error())).limit(5)
                        .toList(), "autocommit reads failed"),
                () -> assertEquals(List.of(), badWrites.stream().limit(5).toList(),
                        "failed writes without class 08 and a stated outcome"),
                () -> assertTrue(afterFirst[0] >= 19 * afterFirst[1], "under 95% of writes succeeded from 1 s after"
                        + " the first cut: " + afterFirst[0] + " ok, " + afterFirst[1] + " failed"),
                () -> assertTrue(afterSecond[0] >= 19 * afterSecond[1], "under 95% of writes succeeded from 1 s after"
                        + " the second cut: " + afterSecond[0] + " ok, " + afterSecond[1] + " failed"),
                () -> assertEquals(List.of(), load.breakerOpenings.stream().distinct().toList(),
                        "a breaker opened on a node that stayed up"));
    }

    /**
     * A planned switchover (the fixture's graceful one: MariaDB read_only on the old primary, PostgreSQL a fast
     * shutdown) under 2 writers: writes that were refused as read-only or could not be sent wait for the new primary
     * and run there; only a statement in flight at the instant the old primary stopped may fail, saying so; every
     * acknowledged write is on the new primary exactly once.
     */
    @Test
    @Order(3)
    void aPlannedSwitchoverCostsWritersNothing() throws Exception {
        ReplicationTopology t = topology;
        DbNode next = t.replicas().get(0);
        DbNode old = t.primary();
        long switchStart;
        long switchDone;
        GreyLoad load;
        try (RwSplitDataSource ds = dataSource()) {
            long origin = System.nanoTime();
            load = GreyLoad.start(ds, t, 2, 2, TABLE, 3_000_000L);
            try {
                sleepUntil(origin + 2 * SECOND); // the schedule: switch over at 2 s, load until 4 s after it
                switchStart = System.nanoTime();
                t.switchover(next);
                switchDone = System.nanoTime();
                sleepUntil(switchDone + 4 * SECOND);
            } finally {
                load.close();
            }
        }
        load.rethrowCrash();
        t.awaitReplication(Duration.ofSeconds(30));
        WriteLedger.Check check = load.ledger.check(t, t.primary(), TABLE);
        int failedWrites = load.ledger.notSent.size() + load.ledger.unknown.size();
        long firstAfter = load.firstAckedWrite(switchDone);
        System.out.printf("FIGURE %s grey switchover: %s -> %s took %dms; writes ok=%d failed=%d (notSent=%d"
                        + " unknown=%d) slowest=%s; first write acknowledged %sms after it; reads failed=%d; table %s;"
                        + " errors %s%n", t.flavor(), FailureSupport.label(old), FailureSupport.label(next),
                millisBetween(switchStart, switchDone), load.ledger.acked.size(), failedWrites,
                load.ledger.notSent.size(), load.ledger.unknown.size(),
                load.ledger.describeLongest(switchStart), firstAfter == Long.MAX_VALUE ? "never"
                        : Long.toString(millisBetween(switchDone, firstAfter)), load.failedReads().size(), check,
                load.ledger.errorKinds());
        assertAll(
                () -> assertEquals(next.port(), t.primary().port(), "the fixture switched over"),
                () -> assertTrue(failedWrites <= 2 * switchoverFailuresPerWriter(), "failed autocommit writes: "
                        + failedWrites + " " + load.ledger.errorKinds()),
                () -> assertEquals(List.of(), load.writesFailedWithoutOutcome().stream().limit(5).toList(),
                        "failed writes without class 08 and a stated outcome"),
                () -> assertTrue(check.ok(), "every acknowledged write exactly once, none reported unsent: " + check),
                () -> assertNotEquals(Long.MAX_VALUE, firstAfter, "writes run on the new primary"));
    }

    /**
     * The primary frozen, then a replica promoted (MariaDB: the fixture kills the frozen primary first, as a fencing
     * tool would; PostgreSQL: it stays frozen): reads never fail (replicas are not judged stale because the primary
     * went silent), the write in flight on the frozen primary is ended and says its outcome is unknown, writes that
     * were not sent wait for the new primary (failoverHold) and run there, and every acknowledged write is on it
     * exactly once.
     */
    @Test
    @Order(4)
    void aFrozenPrimaryIsReplacedWithoutFailedReads() throws Exception {
        ReplicationTopology t = topology;
        DbNode old = t.primary();
        DbNode next = t.replicas().get(0);
        long freezeAt;
        long promoteDone;
        long staleBefore;
        long staleAfter;
        GreyLoad load;
        try (RwSplitDataSource ds = dataSource()) {
            long origin = System.nanoTime();
            load = GreyLoad.start(ds, t, 4, 1, TABLE, 4_000_000L);
            try {
                sleepUntil(origin + 2 * SECOND); // the schedule: freeze at 2 s, promote 2.5 s later, load 4 s more
                staleBefore = ds.cluster().routedWith(Reason.ALL_REPLICAS_STALE);
                freezeAt = System.nanoTime();
                t.freeze(old);
                sleepUntil(freezeAt + 2_500_000_000L);
                t.promote(next);
                promoteDone = System.nanoTime();
                sleepUntil(promoteDone + 4 * SECOND);
                staleAfter = ds.cluster().routedWith(Reason.ALL_REPLICAS_STALE);
            } finally {
                load.close();
                if (old.isRunning()) {
                    // Fenced, as an HA tool would: thawed, it would be a second writable primary.
                    t.kill(old);
                }
            }
        }
        load.rethrowCrash();
        t.awaitReplication(Duration.ofSeconds(30));
        WriteLedger.Check check = load.ledger.check(t, t.primary(), TABLE);
        long firstAfter = load.firstAckedWrite(promoteDone);
        List<GreyLoad.Read> failed = load.failedReads();
        long slowestWrite = load.ledger.maxCallNanos.get() / 1_000_000;
        System.out.printf("FIGURE %s grey frozen-primary: reads=%d failed=%d slowest=%dms staleFallbacks=%d; writes ok=%d"
                        + " failed=%d (notSent=%d unknown=%d) slowest %s (freeze at +0); first write %sms after the"
                        + " promotion; table %s; lost by asynchronous replication (ms acknowledged before the freeze):"
                        + " %s; errors %s%n", t.flavor(), load.reads.size(), failed.size(), load.slowestRead().millis(),
                staleAfter - staleBefore, load.ledger.acked.size(),
                load.ledger.notSent.size() + load.ledger.unknown.size(), load.ledger.notSent.size(),
                load.ledger.unknown.size(), load.ledger.describeLongest(freezeAt),
                firstAfter == Long.MAX_VALUE ? "never" : Long.toString(millisBetween(promoteDone, firstAfter)), check,
                load.ledger.ackedMillisBefore(check.ackedMissing(), freezeAt), load.ledger.errorKinds());
        assertAll(
                () -> assertEquals(List.of(), failed.stream().map(r -> FailureSupport.describe(r.error())).limit(5)
                        .toList(), "reads failed"),
                () -> assertEquals(List.of(), load.writesFailedWithoutOutcome().stream().limit(5).toList(),
                        "failed writes without class 08 and a stated outcome"),
                () -> assertTrue(slowestWrite < 6_000, "a write call lasted " + slowestWrite + " ms: it waited for"
                        + " more than acquireTimeout + failoverHold"),
                () -> assertNotEquals(Long.MAX_VALUE, firstAfter, "writes run on the new primary"),
                () -> assertEquals(List.of(), check.duplicated(), "acknowledged writes are there once"),
                () -> assertEquals(List.of(), check.notSentPresent(), "writes reported as not sent are absent"),
                // Replication is asynchronous: only a write acknowledged before the freeze may be missing.
                () -> assertEquals(List.of(), load.ledger.ackedAtOrAfter(check.ackedMissing(), freezeAt),
                        "acknowledged after the freeze began, yet missing"));
    }
}
