package io.rwsplit.routing.balance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeastOutstandingBalancerTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private final LeastOutstandingBalancer balancer = new LeastOutstandingBalancer();

    @Test
    void slowCandidateIsChosenOnlyWhenTheOthersOutstandingOutweighsItsLatency() {
        // 100 us against 10 ms: the fast one costs less until it has 99 statements outstanding
        FakeCandidates c = FakeCandidates.latencies(new int[2], new long[] {100 * US, 10 * MS});
        for (int fastOutstanding = 0; fastOutstanding < 99; fastOutstanding++) {
            c.outstanding[0] = fastOutstanding;
            for (int i = 0; i < 20; i++) {
                assertEquals(0, balancer.choose(c), "fast outstanding " + fastOutstanding);
            }
        }
        c.outstanding[0] = 100;
        assertEquals(1, balancer.choose(c));
        // once the slow one is busy too, the fast one may carry twice as much
        c.outstanding[1] = 1;
        c.outstanding[0] = 150;
        assertEquals(0, balancer.choose(c));
        c.outstanding[0] = 200;
        assertEquals(1, balancer.choose(c));
    }

    @Test
    void busyFastReplicasStillBeatAnIdleSlowOne() {
        // outstanding alone would send two thirds of the pairs holding the idle slow replica to it
        FakeCandidates c = FakeCandidates.latencies(new int[] {3, 3, 0}, new long[] {200 * US, 200 * US, 10 * MS});
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[balancer.choose(c)]++;
        }
        assertEquals(0, counts[2], Arrays.toString(counts));
        assertTrue(counts[0] > 5_000 && counts[1] > 5_000, Arrays.toString(counts));
    }

    @Test
    void equalLatenciesBalanceByOutstanding() {
        FakeCandidates c = FakeCandidates.latencies(new int[] {5, 2}, new long[] {300 * US, 300 * US});
        for (int i = 0; i < 100; i++) {
            assertEquals(1, balancer.choose(c));
        }
    }

    @Test
    void unknownCandidateGetsOneStatementThenWaitsForItsLatency() {
        FakeCandidates c = FakeCandidates.latencies(new int[] {2, 0}, new long[] {100 * US, 0});
        // idle and unknown: it is tried at once, even against an idle, fast candidate
        assertEquals(1, balancer.choose(c));
        c.outstanding[0] = 0;
        assertEquals(1, balancer.choose(c));
        // busy and unknown: no more until the first statement tells how fast it is
        c.outstanding[1] = 1;
        c.outstanding[0] = 1_000;
        for (int i = 0; i < 100; i++) {
            assertEquals(0, balancer.choose(c));
        }
        c.latency[1] = 100 * US;
        assertEquals(1, balancer.choose(c));
    }

    @Test
    void withoutLatenciesItIsPlainLeastOutstanding() {
        FakeCandidates c = FakeCandidates.latencies(new int[] {4, 3}, new long[2]);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, balancer.choose(c));
        }
    }

    @Test
    void slowReplicaIsAvoidedThenWinsItsTrafficBackAfterRecovering() {
        // three replicas, one statement every millisecond, each finishing before the next; replica 2 is slow at
        // first (10 ms), then recovers (100 us like the others)
        FakeCandidates c = FakeCandidates.measured(3);
        c.now = 0;
        long[] trueLatency = {100 * US, 100 * US, 10 * MS};
        for (int i = 0; i < 3; i++) {
            c.estimates[i].observe(trueLatency[i], c.now);
        }
        int[] slowPhase = run(c, trueLatency, 1_000);
        assertEquals(0, slowPhase[2], "an idle slow replica must not get traffic while fresh: "
                + Arrays.toString(slowPhase));

        trueLatency[2] = 100 * US;
        int[] counts = new int[3];
        long recoveredAt = c.now;
        long firstUse = -1;
        for (int ms = 0; ms < 15_000; ms++) {
            int chosen = step(c, trueLatency);
            if (chosen == 2 && firstUse < 0) {
                firstUse = c.now - recoveredAt;
            }
            if (ms >= 10_000) {
                counts[chosen]++;
            }
        }
        // 10 ms decays below 100 us after ln(100) time constants: it is tried again about 4.6 s after its last
        // statement, 3.6 s after recovering
        assertTrue(firstUse > 3_000 * MS && firstUse < 5_000 * MS,
                firstUse < 0 ? "never used again" : "first used " + firstUse / MS + " ms after recovering");
        // and, as fast as the others again, has its share back
        assertTrue(counts[2] > 1_300, "last 5 s: " + Arrays.toString(counts));
    }

    private int[] run(FakeCandidates c, long[] trueLatency, int steps) {
        int[] counts = new int[c.size()];
        for (int i = 0; i < steps; i++) {
            counts[step(c, trueLatency)]++;
        }
        return counts;
    }

    private int step(FakeCandidates c, long[] trueLatency) {
        c.now += MS;
        int chosen = balancer.choose(c);
        c.estimates[chosen].observe(trueLatency[chosen], c.now + trueLatency[chosen]);
        return chosen;
    }
}
