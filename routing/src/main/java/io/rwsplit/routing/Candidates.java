package io.rwsplit.routing;

/**
 * The replicas a load balancer may choose from, as a read-only indexed view (no allocation per call).
 * Indices run from 0 to {@link #size()} - 1.
 */
public interface Candidates {
    int size();

    /** Statements currently running on candidate {@code i}. */
    int outstanding(int i);

    /** Relative weight of candidate {@code i} (at least 1). */
    int weight(int i);

    /**
     * How long statements take on candidate {@code i}, as estimated now: for rwsplit's replicas a
     * {@link io.rwsplit.routing.balance.PeakEwma} of their execution times, decayed towards zero while unused.
     *
     * @return nanoseconds, 0 when nothing is known (the default, for views that do not measure latency)
     */
    default long latencyNanos(int i) {
        return 0L;
    }
}
