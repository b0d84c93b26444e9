package io.rwsplit.routing;

/**
 * Picks one replica among eligible candidates. Implementations are thread-safe and allocate nothing per call.
 */
@FunctionalInterface
public interface LoadBalancer {
    /**
     * @param candidates at least one candidate
     * @return an index in {@code [0, candidates.size())}
     */
    int choose(Candidates candidates);
}
