package io.rwsplit.routing.balance;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeakEwmaTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;
    private static final long TAU = PeakEwma.DEFAULT_DECAY_NANOS;
    /** An arbitrary clock origin, negative like nanoTime may be. */
    private static final long T0 = -5_000_000_000_000L;

    @Test
    void neverObservedIsUnknownAtAnyTime() {
        PeakEwma e = new PeakEwma();
        assertEquals(0, e.estimateNanos(T0));
        assertEquals(0, e.estimateNanos(0));
        assertEquals(0, e.estimateNanos(Long.MAX_VALUE));
    }

    @Test
    void firstObservationIsTheEstimate() {
        PeakEwma e = new PeakEwma();
        e.observe(100 * US, T0);
        assertEquals(100 * US, e.estimateNanos(T0));
    }

    @Test
    void zeroLatencyStillCountsAsKnown() {
        PeakEwma e = new PeakEwma();
        e.observe(0, T0);
        assertEquals(1, e.estimateNanos(T0));
    }

    @Test
    void higherObservationReplacesTheEstimateAtOnce() {
        PeakEwma e = new PeakEwma();
        e.observe(100 * US, T0);
        e.observe(10 * MS, T0 + MS);
        assertEquals(10 * MS, e.estimateNanos(T0 + MS));
    }

    @Test
    void lowerObservationPullsTheEstimateByTheTimeSinceThePreviousOne() {
        PeakEwma e = new PeakEwma();
        e.observe(10 * MS, T0);
        // at the same instant it weighs nothing
        e.observe(100 * US, T0);
        assertEquals(10 * MS, e.estimateNanos(T0));
        // one time constant later it weighs 1 - 1/e
        e.observe(100 * US, T0 + TAU);
        double expected = 10 * MS * Math.exp(-1) + 100 * US * (1 - Math.exp(-1));
        assertEquals(expected, e.estimateNanos(T0 + TAU), 2.0);
    }

    @Test
    void steadyLowerObservationsBringTheEstimateDownWithTheTimeConstant() {
        PeakEwma e = new PeakEwma();
        e.observe(10 * MS, T0);
        long now = T0;
        for (int i = 0; i < 500; i++) { // every 10 ms for 5 time constants
            now += 10 * MS;
            e.observe(100 * US, now);
        }
        double expected = 100 * US + (10 * MS - 100 * US) * Math.exp(-5);
        assertEquals(expected, e.estimateNanos(now), expected * 0.01);
    }

    @Test
    void readingDecaysTowardsZeroWithoutChangingTheEstimate() {
        PeakEwma e = new PeakEwma();
        e.observe(10 * MS, T0);
        assertEquals(10 * MS * Math.exp(-1), e.estimateNanos(T0 + TAU), 1.0);
        assertEquals(10 * MS * Math.exp(-2), e.estimateNanos(T0 + 2 * TAU), 1.0);
        assertEquals(10 * MS, e.estimateNanos(T0), "reading must not have changed the estimate");
        // an observation after a long pause is weighed against the undecayed estimate, not against zero
        e.observe(100 * US, T0 + 2 * TAU);
        double expected = 10 * MS * Math.exp(-2) + 100 * US * (1 - Math.exp(-2));
        assertEquals(expected, e.estimateNanos(T0 + 2 * TAU), 2.0);
    }

    @Test
    void unobservedLongEnoughDecaysToUnknown() {
        PeakEwma e = new PeakEwma();
        e.observe(10 * MS, T0);
        assertTrue(e.estimateNanos(T0 + 15 * TAU) > 0);
        assertEquals(0, e.estimateNanos(T0 + 17 * TAU));
    }

    @Test
    void clockReadingBeforeTheLastObservationDoesNotDecayOrGrow() {
        PeakEwma e = new PeakEwma();
        e.observe(10 * MS, T0);
        assertEquals(10 * MS, e.estimateNanos(T0 - TAU));
    }

    @Test
    void timeConstantIsConfigurable() {
        PeakEwma e = new PeakEwma(100 * MS);
        e.observe(10 * MS, T0);
        assertEquals(10 * MS * Math.exp(-1), e.estimateNanos(T0 + 100 * MS), 1.0);
    }

    @Test
    void nonPositiveTimeConstantIsRejected() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new PeakEwma(0));
        assertEquals("decayNanos must be greater than 0, but was 0", ex.getMessage());
    }

    @Test
    void concurrentObservationsNeverLoseAPeak() throws Exception {
        for (int round = 0; round < 50; round++) {
            PeakEwma e = new PeakEwma();
            e.observe(100 * US, T0);
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                long peak = (t + 1) * MS;
                ts[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    // all at the same instant: lower observations weigh nothing, so the highest must remain
                    for (int i = 0; i < 1000; i++) {
                        e.observe(i == 500 ? peak : 50 * US, T0);
                    }
                });
                ts[t].start();
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(threads * MS, e.estimateNanos(T0), "round " + round);
        }
    }

    @Test
    void decayOverShortGapsMatchesTheExponential() {
        // under a thousandth of the time constant the decay is a polynomial; it must agree with exp() there and
        // join it without a step at the switch
        long estimate = 1_000_000_000L;
        for (long gap : new long[] {1, 999, 50_000, 999_999, 1_000_000, 1_000_001, 5_000_000}) {
            PeakEwma e = new PeakEwma();
            e.observe(estimate, T0);
            double expected = estimate * Math.exp(-gap / (double) PeakEwma.DEFAULT_DECAY_NANOS);
            assertEquals(expected, e.estimateNanos(T0 + gap), 1.0, "gap " + gap + " ns");
        }
    }
}
