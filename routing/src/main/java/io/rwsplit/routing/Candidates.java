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
}
