package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;

import java.util.Arrays;

/**
 * Candidates a test sets up directly: their outstanding statements, weights and latency; or, from
 * {@link #measured}, a latency read from real {@link PeakEwma} estimators at a clock the test moves.
 */
final class FakeCandidates implements Candidates {
    final int[] outstanding;
    final int[] weights;
    final long[] latency;
    /** Null unless {@link #measured}: then the latencies are these estimates read at {@link #now}. */
    final PeakEwma[] estimates;
    long now;

    FakeCandidates(int[] outstanding, int[] weights, long[] latency) {
        this(outstanding, weights, latency, null);
    }

    private FakeCandidates(int[] outstanding, int[] weights, long[] latency, PeakEwma[] estimates) {
        this.outstanding = outstanding;
        this.weights = weights;
        this.latency = latency;
        this.estimates = estimates;
    }

    /** No latency known: what load-only balancers weigh. */
    static FakeCandidates loads(int[] outstanding, int[] weights) {
        return new FakeCandidates(outstanding, weights, new long[outstanding.length]);
    }

    /** Weights 1 and the given latencies. */
    static FakeCandidates latencies(int[] outstanding, long[] latency) {
        return new FakeCandidates(outstanding, ones(outstanding.length), latency);
    }

    /** {@code n} idle candidates, weights 1, with a fresh estimator each. */
    static FakeCandidates measured(int n) {
        PeakEwma[] estimates = new PeakEwma[n];
        for (int i = 0; i < n; i++) {
            estimates[i] = new PeakEwma();
        }
        return new FakeCandidates(new int[n], ones(n), new long[n], estimates);
    }

    private static int[] ones(int n) {
        int[] w = new int[n];
        Arrays.fill(w, 1);
        return w;
    }

    @Override
    public int size() {
        return outstanding.length;
    }

    @Override
    public int outstanding(int i) {
        return outstanding[i];
    }

    @Override
    public int weight(int i) {
        return weights[i];
    }

    @Override
    public long latencyNanos(int i) {
        return estimates != null ? estimates[i].estimateNanos(now) : latency[i];
    }
}
