package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwsplit.consistency.internal.PostgresLsn;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FreshnessTrackerTest {

    private static final long MS = 1_000_000L;
    private static final String PRIMARY = "p:1";
    private static final String REPLICA = "r:1";

    private final FakeClock clock = new FakeClock();
    private final FreshnessTracker tracker = new FreshnessTracker(clock, 16);

    private static ReplicationPosition lsn(long v) {
        return PostgresLsn.of(v);
    }

    @Test
    void idlePrimaryCausesNoLag() {
        tracker.setPrimary(PRIMARY);
        tracker.recordReplicaPosition(REPLICA, lsn(500), clock.now());
        for (int i = 0; i < 1000; i++) {
            tracker.recordPrimarySample(lsn(500), clock.now());
            tracker.recordReplicaPosition(REPLICA, lsn(500), clock.advanceMillis(1));
            clock.advanceMillis(99);
            assertTrue(tracker.stalenessNanos(REPLICA, clock.now()) <= 100 * MS,
                    "staleness stays below one probe interval while the primary is idle");
        }
        assertEquals(1, tracker.sampleCount(), "identical samples replace each other");
    }

    @Test
    void newSampleCoveredByAnEarlierReportedPositionRefreshesTheReplica() {
        tracker.recordPrimarySample(lsn(10), clock.now());
        tracker.recordReplicaPosition(REPLICA, lsn(10), clock.advanceMillis(5));
        long t = clock.advanceMillis(100);
        tracker.recordPrimarySample(lsn(10), t);
        assertEquals(t, tracker.freshAsOfNanos(REPLICA));
        assertEquals(0, tracker.stalenessNanos(REPLICA, t));
    }

    @Test
    void stoppedApplyMakesLagGrowLinearlyWithTheClock() {
        long t0 = clock.now();
        tracker.recordPrimarySample(lsn(100), t0);
        tracker.recordReplicaPosition(REPLICA, lsn(100), clock.advanceMillis(1));
        // the replica's SQL thread stops at 100 while the primary keeps writing
        for (int i = 1; i <= 50; i++) {
            tracker.recordPrimarySample(lsn(100 + i), clock.advanceMillis(100));
            tracker.recordReplicaPosition(REPLICA, lsn(100), clock.now());
            assertEquals(clock.now() - t0, tracker.stalenessNanos(REPLICA, clock.now()));
        }
        assertEquals(5_000 * MS + MS, tracker.stalenessNanos(REPLICA, clock.now()));
    }

    @Test
    void primaryIsAlwaysFresh() {
        tracker.setPrimary(PRIMARY);
        assertEquals(0, tracker.stalenessNanos(PRIMARY, clock.now()));
        assertEquals(clock.now(), tracker.freshAsOfNanos(PRIMARY));
        assertTrue(tracker.isPrimary(PRIMARY));
        tracker.setPrimary(REPLICA);
        assertEquals(Long.MAX_VALUE, tracker.stalenessNanos(PRIMARY, clock.now()), "old primary has no history");
    }

    @Test
    void nodeCoveringNoSampleIsInfinitelyStale() {
        assertEquals(FreshnessTracker.UNKNOWN, tracker.freshAsOfNanos(REPLICA));
        assertEquals(Long.MAX_VALUE, tracker.stalenessNanos(REPLICA, clock.now()));
        tracker.recordPrimarySample(lsn(10), clock.now());
        tracker.recordReplicaPosition(REPLICA, lsn(9), clock.advanceMillis(1));
        assertEquals(Long.MAX_VALUE, tracker.stalenessNanos(REPLICA, clock.now()));
        assertEquals(lsn(9), tracker.appliedPosition(REPLICA));
    }

    @Test
    void freshnessNeverDecreasesUntilReset() {
        long t = clock.now();
        tracker.recordPrimarySample(lsn(10), t);
        tracker.recordReplicaPosition(REPLICA, lsn(10), clock.advanceMillis(1));
        tracker.recordReplicaPosition(REPLICA, lsn(5), clock.advanceMillis(1));
        assertEquals(t, tracker.freshAsOfNanos(REPLICA));
        tracker.reset(REPLICA);
        assertEquals(FreshnessTracker.UNKNOWN, tracker.freshAsOfNanos(REPLICA));
        assertNull(tracker.appliedPosition(REPLICA));
    }

    @Test
    void positionObservedBeforeAResetIsIgnored() {
        long before = clock.now();
        tracker.recordPrimarySample(lsn(10), before);
        clock.advanceMillis(10);
        tracker.reset(REPLICA);
        tracker.recordReplicaPosition(REPLICA, lsn(10), before);
        assertEquals(FreshnessTracker.UNKNOWN, tracker.freshAsOfNanos(REPLICA));
        tracker.recordReplicaPosition(REPLICA, lsn(10), clock.advanceMillis(1));
        assertEquals(before, tracker.freshAsOfNanos(REPLICA));
    }

    @Test
    void sampleOlderThanTheNewestIsIgnored() {
        long t = clock.advanceMillis(100);
        tracker.recordPrimarySample(lsn(20), t);
        tracker.recordPrimarySample(lsn(10), t - 50 * MS);
        tracker.recordReplicaPosition(REPLICA, lsn(10), clock.advanceMillis(1));
        assertEquals(FreshnessTracker.UNKNOWN, tracker.freshAsOfNanos(REPLICA));
        assertEquals(lsn(20), tracker.latestPrimaryPosition());
    }

    @Test
    void sampleWindowIsBounded() {
        for (int i = 0; i < 1000; i++) {
            tracker.recordPrimarySample(lsn(i), clock.advanceMillis(1));
        }
        assertEquals(16, tracker.sampleCount());
        tracker.recordReplicaPosition(REPLICA, lsn(900), clock.now());
        assertEquals(Long.MAX_VALUE, tracker.stalenessNanos(REPLICA, clock.now()),
                "a position older than the window covers no kept sample");
        tracker.recordReplicaPosition(REPLICA, lsn(990), clock.now());
        assertEquals(9 * MS, tracker.stalenessNanos(REPLICA, clock.now()));
        tracker.clearSamples();
        assertEquals(0, tracker.sampleCount());
        assertNull(tracker.latestPrimaryPosition());
    }

    @Test
    void rejectsTinyCapacity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FreshnessTracker(clock, 1));
        assertTrue(e.getMessage().contains("sampleCapacity"));
    }

    /**
     * Simulates a primary committing at random times, replicas applying in order with varying delay, and probes
     * whose queries take time, and checks after every step that no replica is ever reported fresher than it is:
     * every commit before its fresh-as-of time has really been applied.
     */
    @Test
    void estimateNeverUnderReportsStaleness() {
        for (long seed = 1; seed <= 30; seed++) {
            Random rnd = new Random(seed);
            FakeClock c = new FakeClock();
            FreshnessTracker t = new FreshnessTracker(c, 2 + rnd.nextInt(40));
            t.setPrimary(PRIMARY);
            List<Long> commitTimes = new ArrayList<>();
            String[] replicas = {"r1", "r2", "r3"};
            long[] applied = new long[replicas.length];
            long[] maxDelay = {rnd.nextInt(5) * MS, rnd.nextInt(200) * MS, rnd.nextInt(3000) * MS};
            for (int step = 0; step < 3000; step++) {
                c.advanceNanos(1 + rnd.nextInt(3_000_000));
                int action = rnd.nextInt(10);
                if (action < 4) {
                    if (rnd.nextInt(4) > 0) { // sometimes idle
                        commitTimes.add(c.now());
                    }
                } else if (action < 6) {
                    long sampledAt = c.now(); // clock read before the query is sent
                    c.advanceNanos(rnd.nextInt(2_000_000)); // query on its way; commits may land meanwhile
                    if (rnd.nextBoolean()) {
                        commitTimes.add(c.now());
                    }
                    t.recordPrimarySample(lsn(commitTimes.size()), sampledAt);
                } else {
                    int r = rnd.nextInt(replicas.length);
                    // apply in order every commit older than this replica's (varying) delay
                    long delay = maxDelay[r] == 0 ? 0 : (long) (rnd.nextDouble() * maxDelay[r]);
                    while (applied[r] < commitTimes.size() && commitTimes.get((int) applied[r]) <= c.now() - delay) {
                        applied[r]++;
                    }
                    if (rnd.nextInt(20) == 0) {
                        t.recordReplicaPosition(replicas[r], lsn(applied[r]), c.now() - rnd.nextInt(1_000_000));
                    } else {
                        t.recordReplicaPosition(replicas[r], lsn(applied[r]), c.now());
                    }
                }
                for (int r = 0; r < replicas.length; r++) {
                    long fresh = t.freshAsOfNanos(replicas[r]);
                    if (fresh == FreshnessTracker.UNKNOWN) {
                        continue;
                    }
                    // every commit before `fresh` must be applied
                    long mustHave = 0;
                    while (mustHave < commitTimes.size() && commitTimes.get((int) mustHave) < fresh) {
                        mustHave++;
                    }
                    long trueStaleness = applied[r] < commitTimes.size()
                            ? c.now() - commitTimes.get((int) applied[r]) : 0;
                    String where = "seed " + seed + " step " + step + " replica " + replicas[r];
                    assertTrue(applied[r] >= mustHave, where + ": under-reported");
                    assertTrue(t.stalenessNanos(replicas[r], c.now()) >= trueStaleness, where);
                }
            }
        }
    }
}
